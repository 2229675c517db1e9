#include "web/account_handlers.h"

#include "auth/csrf.h"
#include "core/clock.h"
#include "http/form.h"
#include "web/device_description.h"
#include "web/error_pages.h"
#include "web/sign_in.h"
#include "web/viewer.h"

#include <charconv>
#include <optional>
#include <string>

namespace web {

namespace {

// One message for a wrong password and an unknown username (SECURITY.md 3).
constexpr char const* mismatch_message = "That username and password do not match.";
constexpr char const* expired_form_message = "This form has expired or did not come from this site. Please go back, reload the page and try again.";

// The sign-in form with a token bound to the pre-session cookie, which it (re)sets. The
// username is not echoed back, so failures for known and unknown accounts read the same.
http::Response sign_in_form(http::Request const& request, Context const& context, std::string next, std::string error, int status)
{
    auto const pre = pre_session(request, context);
    render::SignInPageView view;
    view.site = context.site_view();
    view.meta.title = "Sign in";
    view.meta.canonical_url = context.absolute_url("/login");
    view.meta.feeds = site_feed_links(context, view.site.name);
    view.meta.noindex = true;
    view.csrf_token = pre.csrf_token;
    view.next = std::move(next);
    view.error = std::move(error);
    auto response = http::Response::html(context.theme.sign_in_page(view), status);
    response.set_header("Cache-Control", "no-store");
    set_pre_session_cookie(response, context, pre);
    return response;
}

std::string field(http::FormFields const& form, std::string_view name)
{
    for (auto const& [key, value] : form)
        if (key == name)
            return value;
    return {};
}

constexpr char const* security_path = "/account/security";
// Visitors asking for the sessions page come back to it after signing in.
constexpr char const* security_sign_in_path = "/login?next=%2Faccount%2Fsecurity";

// "29 November 2026, 08:30 UTC": members may be anywhere, and the server does not know where.
std::string date_and_time_text(core::UnixTime time)
{
    constexpr std::size_t time_offset = 11; // "2026-11-29T|08:30|:00Z"
    constexpr std::size_t time_length = 5;
    return core::format_long_date(time) + ", " + core::format_rfc3339(time).substr(time_offset, time_length) + " UTC";
}

render::AccountSecurityPageView security_view(Context const& context, Viewer const& viewer)
{
    render::AccountSecurityPageView view;
    view.site = context.site_view();
    view.meta.title = "Your sessions";
    view.meta.canonical_url = context.absolute_url(security_path);
    view.meta.noindex = true;
    show_viewer(view.meta, viewer);
    view.csrf_token = auth::csrf_token(viewer.session);
    for (auto const& session : context.sessions.list_active(viewer.user_id)) {
        bool const current = session.id == viewer.session.id;
        view.sessions.push_back(render::SessionRow {
            .id = session.id,
            .device = describe_device(session.user_agent),
            .address = session.address,
            .started_text = date_and_time_text(session.created_at),
            .started_iso = core::format_rfc3339(session.created_at),
            .last_active_text = date_and_time_text(session.last_seen_at),
            .last_active_iso = core::format_rfc3339(session.last_seen_at),
            .current = current,
            .revoke_url = current ? std::string() : "/account/sessions/" + std::to_string(session.id) + "/revoke",
        });
    }
    return view;
}

// The signed-in member behind an unsafe request that came from this site with their session's
// CSRF token; nullopt otherwise (answered with 403, and nothing changes).
std::optional<Viewer> verified_member(http::Request const& request, Context const& context)
{
    if (!auth::same_origin_request(request, context.base_url))
        return std::nullopt;
    auto viewer = load_viewer(request, context);
    if (!viewer || !auth::csrf_token_valid(viewer->session, field(http::parse_form(request.body), "csrf")))
        return std::nullopt;
    return viewer;
}

std::optional<std::int64_t> session_id(http::Request const& request)
{
    auto const text = request.param("id");
    std::int64_t id = 0;
    auto const [end, error] = std::from_chars(text.data(), text.data() + text.size(), id);
    if (error != std::errc {} || end != text.data() + text.size() || id <= 0)
        return std::nullopt;
    return id;
}

}

// GET /login
boost::asio::awaitable<http::Response> show_sign_in(http::Request const& request, Context& context)
{
    co_return sign_in_form(request, context, safe_next(request.query_param("next")), {}, 200);
}

// POST /login
boost::asio::awaitable<http::Response> sign_in(http::Request const& request, Context& context)
{
    if (request.body.size() > max_account_form_bytes)
        co_return error_page(context, 413, &request);
    auto const form = http::parse_form(request.body);
    if (!auth::same_origin_request(request, context.base_url) || !anonymous_csrf_valid(request, context, field(form, "csrf")))
        co_return error_page(context, 403, &request, expired_form_message);
    auto next = safe_next(field(form, "next"));
    auto const check = co_await check_credentials(context, field(form, "username"), field(form, "password"), request.remote_address);
    if (!check.throttle.allowed()) {
        auto response = sign_in_form(request, context, std::move(next), check.throttle.result().error().message, 429);
        response.set_header("Retry-After", std::to_string(check.throttle.retry_after.count()));
        co_return response;
    }
    if (!check.account)
        co_return sign_in_form(request, context, std::move(next), mismatch_message, 200);
    auto const remember = field(form, "remember").empty() ? auth::Remember::No : auth::Remember::Yes;
    co_return start_session(request, context, *check.account, remember, next);
}

// POST /logout
boost::asio::awaitable<http::Response> sign_out(http::Request const& request, Context& context)
{
    if (request.body.size() > max_account_form_bytes)
        co_return error_page(context, 413, &request);
    if (!auth::same_origin_request(request, context.base_url))
        co_return error_page(context, 403, &request, expired_form_message);
    auto const viewer = load_viewer(request, context);
    auto response = http::Response::redirect("/");
    clear_session_cookie(response, context);
    // Without a live session there is nothing to revoke and nothing changes: just drop the cookie.
    if (!viewer)
        co_return response;
    if (!auth::csrf_token_valid(viewer->session, field(http::parse_form(request.body), "csrf")))
        co_return error_page(context, 403, &request, expired_form_message);
    // false only when a parallel sign-out got there first: signed out either way.
    [[maybe_unused]] bool const revoked = context.sessions.revoke(viewer->session.id, viewer->user_id);
    co_return response;
}

// GET /account/security
boost::asio::awaitable<http::Response> show_account_security(http::Request const& request, Context& context)
{
    auto const viewer = load_viewer(request, context);
    if (!viewer) {
        auto response = http::Response::redirect(security_sign_in_path);
        response.set_header("Cache-Control", "no-store");
        co_return response;
    }
    co_return page_response(context.theme.account_security_page(security_view(context, *viewer)), viewer);
}

// POST /account/sessions/{id:int}/revoke
boost::asio::awaitable<http::Response> revoke_session(http::Request const& request, Context& context)
{
    if (request.body.size() > max_account_form_bytes)
        co_return error_page(context, 413, &request);
    auto const viewer = verified_member(request, context);
    if (!viewer)
        co_return error_page(context, 403, &request, expired_form_message);
    auto const id = session_id(request);
    // The current session ends with sign-out, which also drops the cookie; this page never offers it.
    if (!id || *id == viewer->session.id)
        co_return error_page(context, 404, &request);
    // revoke() only touches the member's own sessions: someone else's id changes nothing.
    if (!context.sessions.revoke(*id, viewer->user_id))
        co_return error_page(context, 404, &request);
    co_return http::Response::redirect(security_path);
}

// POST /account/sessions/revoke-others
boost::asio::awaitable<http::Response> revoke_other_sessions(http::Request const& request, Context& context)
{
    if (request.body.size() > max_account_form_bytes)
        co_return error_page(context, 413, &request);
    auto const viewer = verified_member(request, context);
    if (!viewer)
        co_return error_page(context, 403, &request, expired_form_message);
    // How many is of no use to the member: the page they return to shows what is left.
    [[maybe_unused]] auto const revoked = context.sessions.revoke_all(viewer->user_id, viewer->session.id);
    co_return http::Response::redirect(security_path);
}

}
