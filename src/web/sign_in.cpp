#include "web/sign_in.h"

#include "auth/account_service.h"
#include "auth/csrf.h"
#include "auth/password.h"
#include "auth/random.h"
#include "http/cookies.h"
#include "web/viewer.h"

#include <algorithm>

namespace web {

namespace {

// 256 bits, like session tokens: random_token(32) is 43 base64url characters.
constexpr std::size_t pre_session_bytes = 32;
constexpr std::size_t pre_session_length = 43;

std::string pre_session_cookie_name(http::Transport transport)
{
    // The __Host- prefix (under TLS) keeps a sibling subdomain from planting the value.
    return transport == http::Transport::Tls ? "__Host-tribune_presession" : "tribune_presession";
}

http::CookieOptions cookie_options(Context const& context, std::optional<std::chrono::seconds> max_age)
{
    return http::CookieOptions {
        .secure = context.sign_in.transport == http::Transport::Tls,
        .http_only = true,
        .same_site = "Lax",
        .max_age = max_age,
        .path = "/",
    };
}

bool is_base64url(std::string_view text)
{
    return std::ranges::all_of(text, [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    });
}

}

PreSession pre_session(http::Request const& request, Context const& context)
{
    auto value = http::cookie_value(request, pre_session_cookie_name(context.sign_in.transport));
    if (!value || value->size() != pre_session_length || !is_base64url(*value))
        value = auth::random_token(pre_session_bytes);
    auto token = auth::anonymous_csrf_token(*value, context.sign_in.csrf_key);
    return PreSession { .value = std::move(*value), .csrf_token = std::move(token) };
}

void set_pre_session_cookie(http::Response& response, Context const& context, PreSession const& pre_session)
{
    auto const name = pre_session_cookie_name(context.sign_in.transport);
    http::add_set_cookie(response, http::set_cookie_header(name, pre_session.value, cookie_options(context, pre_session_lifetime)));
}

bool anonymous_csrf_valid(http::Request const& request, Context const& context, std::string_view submitted)
{
    auto const value = http::cookie_value(request, pre_session_cookie_name(context.sign_in.transport));
    return value && auth::anonymous_csrf_token_valid(*value, context.sign_in.csrf_key, submitted);
}

std::string safe_next(std::optional<std::string> const& next)
{
    // "//host" and "/\host" are protocol-relative to browsers (they treat '\' as '/'); control
    // characters could be stripped by a browser to make one of them.
    if (!next || next->size() < 1 || next->front() != '/')
        return "/";
    if (next->size() > 1 && ((*next)[1] == '/' || (*next)[1] == '\\'))
        return "/";
    if (std::ranges::any_of(*next, [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7F; }))
        return "/";
    return *next;
}

boost::asio::awaitable<CredentialCheck> check_credentials(Context& context, std::string username, std::string password, std::string_view address)
{
    auto const account_key = auth::account_throttle_key(username);
    auto const address_key = auth::address_throttle_key(address);
    auto const decision = context.throttles.begin_attempt(auth::ThrottleScope::SignIn, { account_key, address_key });
    if (!decision.allowed())
        co_return CredentialCheck { .account = std::nullopt, .throttle = decision };

    auto account = context.accounts.find_by_username(username);
    // Unknown accounts and over-long passwords still cost one verification, against the dummy
    // hash, so the time taken does not tell them apart from a wrong password.
    bool const plausible = account && auth::count_code_points(password) <= auth::max_password_characters;
    std::string const& hash = plausible ? account->password_hash : context.sign_in.dummy_password_hash;
    bool const verified = co_await context.blocking.run([&hash, &password] { return auth::verify_password(hash, password); });
    if (!plausible || !verified)
        co_return CredentialCheck { .account = std::nullopt, .throttle = {} };

    // The attempt was counted as a failure up front: clear the account's count, and take back
    // this one attempt for the address, whose other guesses keep counting.
    context.throttles.record_success(auth::ThrottleScope::SignIn, account_key);
    context.throttles.forgive(auth::ThrottleScope::SignIn, address_key);
    co_return CredentialCheck { .account = std::move(account), .throttle = {} };
}

http::Response start_session(http::Request const& request, Context const& context, auth::Account const& account, auth::Remember remember, std::string const& next)
{
    if (auto const previous = load_viewer(request, context)) {
        // false only when it was revoked in parallel: it is over either way.
        [[maybe_unused]] bool const revoked = context.sessions.revoke(previous->session.id, previous->user_id);
    }
    // TwoFactor::Done for now: the TOTP step arrives later, and then sessions of accounts with
    // a second factor will start Pending and be rotated when it is done.
    auto const session = context.sessions.create(account.id, request.header("user-agent"), request.remote_address, remember, auth::TwoFactor::Done);
    auto response = http::Response::redirect(next);
    response.set_header("Cache-Control", "no-store");
    http::add_set_cookie(response, http::set_cookie_header(http::session_cookie_name(context.sign_in.transport), session.token, cookie_options(context, session.cookie_max_age)));
    // The pre-session value has done its job; a later sign-in form gets a fresh one.
    http::add_set_cookie(response, http::clear_cookie_header(pre_session_cookie_name(context.sign_in.transport), cookie_options(context, std::nullopt)));
    return response;
}

void clear_session_cookie(http::Response& response, Context const& context)
{
    http::add_set_cookie(response, http::clear_cookie_header(http::session_cookie_name(context.sign_in.transport), cookie_options(context, std::nullopt)));
}

}
