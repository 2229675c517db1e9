// Cookies: reading the Cookie request header and writing Set-Cookie values. Reading is
// tolerant (browsers send what they were given); writing is strict, refusing any name or
// value outside RFC 6265's grammar by throwing std::invalid_argument, so no caller can inject
// attributes or a header break. Pure functions, safe on any thread.
//
// A response may carry several Set-Cookie headers and Response::set_header() replaces by
// name, so append them: add_set_cookie(response, set_cookie_header(...)), which pushes back.
#pragma once

#include "http/request.h"
#include "http/response.h"

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace http {

// The value of the first cookie of that (case-sensitive) name across every Cookie header,
// with surrounding double quotes removed; nullopt when absent. Pairs without '=' are skipped.
[[nodiscard]] std::optional<std::string> cookie_value(Request const& request, std::string_view name);

struct CookieOptions {
    bool secure = false;
    bool http_only = true;
    std::string same_site = "Lax"; // "Strict", "Lax" or "None" (None requires secure)
    std::optional<std::chrono::seconds> max_age; // none: the cookie ends with the browser session
    std::string path = "/";
};

// "name=value; Path=/; Max-Age=60; Secure; HttpOnly; SameSite=Lax". Throws
// std::invalid_argument for a name that is not an RFC 9110 token, a value with characters
// outside RFC 6265's cookie-octet, a bad path or SameSite, a negative Max-Age, or options
// the name's prefix forbids (__Secure- needs Secure; __Host- also needs Path=/).
[[nodiscard]] std::string set_cookie_header(std::string_view name, std::string_view value, CookieOptions const& options);
// A Set-Cookie value that makes the browser drop the cookie now (empty value, Max-Age=0).
// Use the same options as when setting it: browsers match on name, path and prefix rules.
[[nodiscard]] std::string clear_cookie_header(std::string_view name, CookieOptions const& options);
// Appends a Set-Cookie header, keeping any set before it.
void add_set_cookie(Response& response, std::string set_cookie_value);

enum class Transport { Plain,
    Tls };

// "__Host-tribune_session" under TLS: the prefix makes browsers refuse it unless it is
// Secure, has Path=/ and no Domain, so a sibling subdomain cannot plant one. "tribune_session"
// over plain HTTP (development), where the prefix cannot be used.
std::string session_cookie_name(Transport transport);

}
