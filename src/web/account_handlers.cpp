#include "web/account_handlers.h"

#include "auth/csrf.h"
#include "http/form.h"
#include "web/error_pages.h"
#include "web/sign_in.h"
#include "web/viewer.h"

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

}
