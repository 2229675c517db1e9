#include "web/viewer.h"

#include "auth/csrf.h"
#include "http/cookies.h"

namespace web {

namespace {

// Anonymous public pages: short, so edits show quickly, and safe for a CDN.
constexpr char const* public_page_cache = "public, max-age=60, stale-while-revalidate=30";
// A signed-in viewer's page names them and holds their CSRF token: no cache may keep it.
constexpr char const* private_page_cache = "private, no-store";

}

std::optional<Viewer> load_viewer(http::Request const& request, Context const& context)
{
    auto const token = http::cookie_value(request, http::session_cookie_name(context.sign_in.transport));
    if (!token || token->empty())
        return std::nullopt;
    auto session = context.sessions.validate(*token);
    if (!session)
        return std::nullopt;
    auto const account = context.accounts.find_by_id(session->user_id);
    if (!account)
        return std::nullopt;
    return Viewer {
        .user_id = account->id,
        .username = account->username,
        .display_name = account->display_name,
        .role = account->role,
        .session = std::move(*session),
    };
}

void show_viewer(render::PageMeta& meta, std::optional<Viewer> const& viewer)
{
    if (!viewer)
        return;
    meta.viewer_name = viewer->display_name;
    meta.sign_out_csrf = auth::csrf_token(viewer->session);
}

http::Response page_response(std::string html, std::optional<Viewer> const& viewer)
{
    auto response = http::Response::html(std::move(html));
    response.set_header("Cache-Control", viewer ? private_page_cache : public_page_cache);
    return response;
}

}
