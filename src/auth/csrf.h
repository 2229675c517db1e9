// Cross-site request forgery defences (SECURITY.md point 9): a token bound to the session on
// every form, and an Origin / Sec-Fetch-Site check on every unsafe method. Tokens are masked
// with fresh randomness each time they are made, so a page compressed over TLS does not
// repeat a secret an attacker could recover byte by byte (BREACH). Pure functions over their
// inputs, safe on any thread.
#pragma once

#include "auth/session_service.h"
#include "http/request.h"

#include <span>
#include <string>
#include <string_view>

namespace auth {

// A token for a form of this session; a new-looking one each call, all valid until the
// session's CSRF secret changes (at rotate()).
std::string csrf_token(ActiveSession const& session);
// Whether `submitted` came from csrf_token() for this session. Constant-time.
[[nodiscard]] bool csrf_token_valid(ActiveSession const& session, std::string_view submitted);

// Forms shown before sign-in (sign-in, register) have no session to bind to: bind them to a
// random value in a short-lived pre-session cookie, keyed with a server secret of at least
// 32 bytes (std::invalid_argument otherwise), so a token cannot be made without the cookie.
inline constexpr std::size_t min_csrf_key_bytes = 32;
std::string anonymous_csrf_token(std::string_view pre_session_value, std::span<unsigned char const> key);
// False for an empty pre-session value too (no cookie, no valid token). Constant-time.
[[nodiscard]] bool anonymous_csrf_token_valid(std::string_view pre_session_value, std::span<unsigned char const> key, std::string_view submitted);

// Whether a request may change state, judged by the headers browsers set themselves.
// Safe methods (GET, HEAD, OPTIONS) always pass. Otherwise: Sec-Fetch-Site "same-origin" or
// "none" (typed by the user) passes and any other value fails; without it, Origin must equal
// the origin of `base_url` ("null" fails); without Origin, the Referer's origin must. With
// none of the three the request fails: every browser of the last years sends one of them.
// `base_url` is the site's configured URL (e.g. "https://example.org/"); throws
// std::invalid_argument when it is not an http or https URL.
[[nodiscard]] bool same_origin_request(http::Request const& request, std::string_view base_url);

}
