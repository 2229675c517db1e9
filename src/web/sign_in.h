// The pieces of signing in and out that are not page rendering: the pre-session cookie that
// anonymous CSRF tokens are bound to, `next` targets that stay on the site, checking a username
// and password under the sign-in throttle (argon2id on the BlockingPool), and the session
// cookie. Called from the account handlers on an I/O thread; a failing database throws.
#pragma once

#include "auth/account_store.h"
#include "auth/session_service.h"
#include "auth/throttle.h"
#include "http/request.h"
#include "http/response.h"
#include "web/context.h"

#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace web {

// The sign-in and sign-out forms are small: a username, a password of up to 1,024 characters
// (4 bytes each at most, tripled by percent-encoding), a token and a path.
inline constexpr std::size_t max_account_form_bytes = 16 * 1024;
// How long a sign-in form stays usable after it was shown.
inline constexpr std::chrono::seconds pre_session_lifetime = std::chrono::hours(2);

// The random value a form shown before sign-in is bound to, and that form's CSRF token.
struct PreSession {
    std::string value;
    std::string csrf_token;
};

// The request's pre-session value when it carries a well-formed one (so several open sign-in
// tabs stay valid), else a fresh random one; with a new token for it.
PreSession pre_session(http::Request const& request, Context const& context);
// Sets (or refreshes) the pre-session cookie: HttpOnly, SameSite=Lax, Path=/, short-lived.
void set_pre_session_cookie(http::Response& response, Context const& context, PreSession const& pre_session);
// Whether `submitted` is the anonymous CSRF token of the request's pre-session cookie.
[[nodiscard]] bool anonymous_csrf_valid(http::Request const& request, Context const& context, std::string_view submitted);

// `next` when it is a site-relative path ("/x", not "//host" or "/\host", no control
// characters), else "/": redirects after sign-in never leave the site (SECURITY.md 9).
std::string safe_next(std::optional<std::string> const& next);

// The account when the password is right; nullopt when it is not, the account does not exist,
// or the attempt was throttled (then `throttle` says how long to wait).
struct CredentialCheck {
    std::optional<auth::Account> account;
    auth::ThrottleDecision throttle;
};
// Counts the attempt against the account and the address, then verifies on the BlockingPool,
// against the dummy hash for unknown usernames, so neither the answer nor its timing tells
// whether the account exists. A refused attempt verifies nothing.
boost::asio::awaitable<CredentialCheck> check_credentials(Context& context, std::string username, std::string password, std::string_view address);

// Starts a session for the account and answers with its cookie and a 303 to `next`. A session
// the request already carried is revoked, so each sign-in gets a new token (SECURITY.md 7).
http::Response start_session(http::Request const& request, Context const& context, auth::Account const& account, auth::Remember remember, std::string const& next);
// Makes the browser drop the session cookie.
void clear_session_cookie(http::Response& response, Context const& context);

}
