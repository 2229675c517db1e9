#include "auth/csrf.h"

#include "auth/random.h"

#include <algorithm>
#include <cctype>
#include <optional>
#include <sodium.h>
#include <stdexcept>
#include <vector>

namespace auth {

namespace {

// Keeps an anonymous token from matching any other HMAC made with the same server key.
constexpr std::string_view anonymous_context = "tribune anonymous csrf v1";

std::string to_base64url(std::span<unsigned char const> bytes)
{
    std::string encoded(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
    sodium_bin2base64(encoded.data(), encoded.size(), bytes.data(), bytes.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    encoded.resize(encoded.find('\0'));
    return encoded;
}

std::optional<std::vector<unsigned char>> from_base64url(std::string_view text)
{
    if (text.empty())
        return std::nullopt;
    std::vector<unsigned char> bytes(text.size());
    std::size_t length = 0;
    char const* end = nullptr;
    if (sodium_base642bin(bytes.data(), bytes.size(), text.data(), text.size(), nullptr, &length, &end, sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0
        || end != text.data() + text.size())
        return std::nullopt;
    bytes.resize(length);
    return bytes;
}

// BREACH mitigation: a fresh random pad, then the secret XOR the pad. Every page carries
// different bytes, yet each unmasks to the same secret.
std::string masked(std::string_view secret)
{
    // Would make a token that unmasks to nothing; only a bug gets here.
    if (secret.empty())
        throw std::invalid_argument("a CSRF token needs a secret");
    std::vector<unsigned char> token(secret.size() * 2);
    random_bytes({ token.data(), secret.size() });
    for (std::size_t i = 0; i < secret.size(); ++i)
        token[secret.size() + i] = token[i] ^ static_cast<unsigned char>(secret[i]);
    return to_base64url(token);
}

bool unmasks_to(std::string_view submitted, std::string_view secret)
{
    // Longer than any token we make: refused before decoding.
    if (secret.empty() || submitted.size() > sodium_base64_ENCODED_LEN(secret.size() * 2, sodium_base64_VARIANT_URLSAFE_NO_PADDING))
        return false;
    auto const token = from_base64url(submitted);
    if (!token || token->size() != secret.size() * 2)
        return false;
    std::string unmasked(secret.size(), '\0');
    for (std::size_t i = 0; i < secret.size(); ++i)
        unmasked[i] = static_cast<char>((*token)[i] ^ (*token)[secret.size() + i]);
    return equal_in_constant_time(unmasked, secret);
}

// HMAC-SHA256(key, context NUL pre-session value), as raw bytes in a string.
std::string anonymous_secret(std::string_view pre_session_value, std::span<unsigned char const> key)
{
    if (key.size() < min_csrf_key_bytes)
        throw std::invalid_argument("the anonymous CSRF key must be at least 32 bytes");
    if (sodium_init() < 0)
        throw std::runtime_error("libsodium could not be initialised");
    crypto_auth_hmacsha256_state state;
    crypto_auth_hmacsha256_init(&state, key.data(), key.size());
    crypto_auth_hmacsha256_update(&state, reinterpret_cast<unsigned char const*>(anonymous_context.data()), anonymous_context.size());
    unsigned char const separator = 0;
    crypto_auth_hmacsha256_update(&state, &separator, 1);
    crypto_auth_hmacsha256_update(&state, reinterpret_cast<unsigned char const*>(pre_session_value.data()), pre_session_value.size());
    std::string mac(crypto_auth_hmacsha256_BYTES, '\0');
    crypto_auth_hmacsha256_final(&state, reinterpret_cast<unsigned char*>(mac.data()));
    sodium_memzero(&state, sizeof state);
    return mac;
}

std::string lower(std::string_view text)
{
    std::string result(text);
    std::ranges::transform(result, result.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return result;
}

// RFC 6454 section 6.1: scheme "://" host [":" port], lower case, default port left out.
// nullopt for anything but an http or https URL with a host.
std::optional<std::string> origin_of(std::string_view url)
{
    auto const scheme_end = url.find("://");
    if (scheme_end == std::string_view::npos)
        return std::nullopt;
    auto const scheme = lower(url.substr(0, scheme_end));
    if (scheme != "http" && scheme != "https")
        return std::nullopt;
    auto authority = url.substr(scheme_end + 3);
    authority = authority.substr(0, authority.find_first_of("/?#"));
    // Userinfo has no place in an origin; refusing it also defeats "https://site@evil".
    if (authority.empty() || authority.find('@') != std::string_view::npos)
        return std::nullopt;
    auto host = lower(authority);
    auto const default_port = scheme == "https" ? std::string_view(":443") : std::string_view(":80");
    if (host.ends_with(default_port))
        host.resize(host.size() - default_port.size());
    if (host.empty() || host.back() == ':')
        return std::nullopt;
    return scheme + "://" + host;
}

// Request::header() lives in the http library, which auth does not link: read the fields.
std::optional<std::string_view> header(http::Request const& request, std::string_view lower_case_name)
{
    for (auto const& [name, value] : request.headers) {
        if (name == lower_case_name)
            return value;
    }
    return std::nullopt;
}

bool is_safe(http::Method method)
{
    return method == http::Method::Get || method == http::Method::Head || method == http::Method::Options;
}

}

std::string csrf_token(ActiveSession const& session)
{
    return masked(session.csrf_secret);
}

bool csrf_token_valid(ActiveSession const& session, std::string_view submitted)
{
    return unmasks_to(submitted, session.csrf_secret);
}

std::string anonymous_csrf_token(std::string_view pre_session_value, std::span<unsigned char const> key)
{
    auto secret = anonymous_secret(pre_session_value, key);
    auto token = masked(secret);
    sodium_memzero(secret.data(), secret.size());
    return token;
}

bool anonymous_csrf_token_valid(std::string_view pre_session_value, std::span<unsigned char const> key, std::string_view submitted)
{
    if (pre_session_value.empty())
        return false;
    auto secret = anonymous_secret(pre_session_value, key);
    auto const valid = unmasks_to(submitted, secret);
    sodium_memzero(secret.data(), secret.size());
    return valid;
}

bool same_origin_request(http::Request const& request, std::string_view base_url)
{
    auto const site = origin_of(base_url);
    if (!site)
        throw std::invalid_argument("the site's base URL is not an http or https URL");
    if (is_safe(request.method))
        return true;
    // Fetch Metadata: set by the browser itself, so a page cannot forge it. "same-site"
    // fails too: a sibling subdomain may hold someone else's content.
    if (auto const fetch_site = header(request, "sec-fetch-site"))
        return *fetch_site == "same-origin" || *fetch_site == "none";
    // RFC 6454 section 7: browsers send "null" from sandboxed frames, data: URLs and some
    // redirects; it cannot be tied to the site, so it fails.
    if (auto const origin = header(request, "origin"))
        return origin_of(*origin) == site;
    if (auto const referer = header(request, "referer"))
        return origin_of(*referer) == site;
    return false;
}

}
