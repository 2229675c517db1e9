#include "http/cookies.h"

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace http {

namespace {

constexpr std::string_view host_prefix = "__Host-";
constexpr std::string_view secure_prefix = "__Secure-";

std::string_view trim_whitespace(std::string_view text)
{
    auto const is_space = [](char c) { return c == ' ' || c == '\t'; };
    while (!text.empty() && is_space(text.front()))
        text.remove_prefix(1);
    while (!text.empty() && is_space(text.back()))
        text.remove_suffix(1);
    return text;
}

// RFC 9110 section 5.6.2: tchar.
bool is_token_character(unsigned char c)
{
    static constexpr std::string_view punctuation = "!#$%&'*+-.^_`|~";
    return std::isalnum(c) || punctuation.find(static_cast<char>(c)) != std::string_view::npos;
}

// RFC 6265 section 4.1.1: cookie-octet, US-ASCII without controls, whitespace, DQUOTE,
// comma, semicolon and backslash.
bool is_cookie_octet(unsigned char c)
{
    return c == 0x21 || (c >= 0x23 && c <= 0x2B) || (c >= 0x2D && c <= 0x3A) || (c >= 0x3C && c <= 0x5B) || (c >= 0x5D && c <= 0x7E);
}

// RFC 6265 section 4.1.1: av-octet, any CHAR except controls and ';'.
bool is_attribute_octet(unsigned char c)
{
    return c >= 0x20 && c <= 0x7E && c != ';';
}

bool starts_with_ignoring_case(std::string_view text, std::string_view prefix)
{
    return text.size() >= prefix.size() && std::equal(prefix.begin(), prefix.end(), text.begin(), [](char a, char b) {
        return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
    });
}

void check_cookie(std::string_view name, std::string_view value, CookieOptions const& options)
{
    if (name.empty() || !std::ranges::all_of(name, [](char c) { return is_token_character(static_cast<unsigned char>(c)); }))
        throw std::invalid_argument("cookie name is not an RFC 9110 token");
    if (!std::ranges::all_of(value, [](char c) { return is_cookie_octet(static_cast<unsigned char>(c)); }))
        throw std::invalid_argument("cookie value has characters RFC 6265 does not allow");
    if (options.path.empty() || options.path.front() != '/'
        || !std::ranges::all_of(options.path, [](char c) { return is_attribute_octet(static_cast<unsigned char>(c)); }))
        throw std::invalid_argument("cookie path must start with '/' and hold no controls or ';'");
    if (options.same_site != "Strict" && options.same_site != "Lax" && options.same_site != "None")
        throw std::invalid_argument("cookie SameSite must be Strict, Lax or None");
    // Browsers drop SameSite=None cookies that are not Secure.
    if (options.same_site == "None" && !options.secure)
        throw std::invalid_argument("cookie with SameSite=None must be Secure");
    if (options.max_age && options.max_age->count() < 0)
        throw std::invalid_argument("cookie Max-Age must not be negative");
    // RFC 6265bis section 4.1.3: browsers refuse prefixed cookies that break these rules,
    // so failing here beats a sign-in that silently never sticks.
    if ((starts_with_ignoring_case(name, secure_prefix) || starts_with_ignoring_case(name, host_prefix)) && !options.secure)
        throw std::invalid_argument("__Secure- and __Host- cookies must be Secure");
    if (starts_with_ignoring_case(name, host_prefix) && options.path != "/")
        throw std::invalid_argument("__Host- cookies must have Path=/");
}

}

std::optional<std::string> cookie_value(Request const& request, std::string_view name)
{
    // HTTP/2 may split the cookie list over several Cookie headers; they read as one list.
    for (auto const& [header_name, header_value] : request.headers) {
        if (header_name != "cookie")
            continue;
        std::string_view rest = header_value;
        while (!rest.empty()) {
            auto const end = rest.find(';');
            auto const pair = rest.substr(0, end);
            rest = end == std::string_view::npos ? std::string_view {} : rest.substr(end + 1);
            auto const equals = pair.find('=');
            if (equals == std::string_view::npos)
                continue;
            if (trim_whitespace(pair.substr(0, equals)) != name)
                continue;
            auto value = trim_whitespace(pair.substr(equals + 1));
            // RFC 6265 section 4.1.1 allows a value wrapped in DQUOTEs; they are not part of it.
            if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
                value = value.substr(1, value.size() - 2);
            return std::string(value);
        }
    }
    return std::nullopt;
}

std::string set_cookie_header(std::string_view name, std::string_view value, CookieOptions const& options)
{
    check_cookie(name, value, options);
    std::string header;
    header.reserve(name.size() + value.size() + 64);
    header.append(name).append("=").append(value);
    header.append("; Path=").append(options.path);
    if (options.max_age)
        header.append("; Max-Age=").append(std::to_string(options.max_age->count()));
    if (options.secure)
        header.append("; Secure");
    if (options.http_only)
        header.append("; HttpOnly");
    header.append("; SameSite=").append(options.same_site);
    return header;
}

std::string clear_cookie_header(std::string_view name, CookieOptions const& options)
{
    auto expired = options;
    expired.max_age = std::chrono::seconds(0);
    return set_cookie_header(name, "", expired);
}

void add_set_cookie(Response& response, std::string set_cookie_value)
{
    response.headers.emplace_back("Set-Cookie", std::move(set_cookie_value));
}

std::string session_cookie_name(Transport transport)
{
    return transport == Transport::Tls ? "__Host-tribune_session" : "tribune_session";
}

}
