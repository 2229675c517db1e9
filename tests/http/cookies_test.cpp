#include "http/cookies.h"

#include <gtest/gtest.h>

#include <stdexcept>

using namespace std::chrono_literals;

namespace {

http::Request request_with_cookies(std::initializer_list<std::string> cookie_headers)
{
    http::Request request;
    request.headers.emplace_back("host", "example.org");
    for (auto const& value : cookie_headers)
        request.headers.emplace_back("cookie", value);
    return request;
}

TEST(CookieValue, ParsesHeaders)
{
    struct Case {
        std::string header;
        std::string name;
        std::optional<std::string> expected;
    };
    Case const cases[] = {
        { "a=1", "a", "1" },
        { "a=1; b=2; c=3", "b", "2" },
        { "a=1;b=2", "b", "2" },
        { "  a = 1 ;  b=2  ", "a", "1" },
        { "a=1;\tb=2\t", "b", "2" },
        { "a=\"quoted\"", "a", "quoted" },
        { "a=\"\"", "a", "" },
        { "a=\"", "a", "\"" },
        { "a=", "a", "" },
        { "a", "a", std::nullopt },
        { "a; a=2", "a", "2" },
        { "=x; a=1", "a", "1" },
        { ";;; a=1 ;;", "a", "1" },
        { "a=1=2", "a", "1=2" },
        { "a=1; a=2", "a", "1" },
        { "A=1", "a", std::nullopt },
        { "ab=1", "a", std::nullopt },
        { "b=a=1", "a", std::nullopt },
        { "", "a", std::nullopt },
        { "a=caf\xc3\xa9", "a", "caf\xc3\xa9" },
    };
    for (auto const& test : cases) {
        auto const request = request_with_cookies({ test.header });
        EXPECT_EQ(http::cookie_value(request, test.name), test.expected) << "header: " << test.header;
    }
}

TEST(CookieValue, FirstOccurrenceWinsAcrossHeaders)
{
    auto const request = request_with_cookies({ "x=0; a=first", "a=second; b=2" });
    EXPECT_EQ(http::cookie_value(request, "a"), "first");
    EXPECT_EQ(http::cookie_value(request, "b"), "2");
    EXPECT_EQ(http::cookie_value(request_with_cookies({}), "a"), std::nullopt);
}

TEST(CookieValue, IgnoresOtherHeaders)
{
    http::Request request;
    request.headers.emplace_back("x-cookie", "a=1");
    request.headers.emplace_back("set-cookie", "a=2");
    EXPECT_EQ(http::cookie_value(request, "a"), std::nullopt);
}

TEST(SetCookie, WithoutTls)
{
    http::CookieOptions const options { .secure = false };
    EXPECT_EQ(http::set_cookie_header("tribune_session", "abc-_123", options), "tribune_session=abc-_123; Path=/; HttpOnly; SameSite=Lax");
}

TEST(SetCookie, WithTlsAndMaxAge)
{
    http::CookieOptions const options { .secure = true, .max_age = 3600s };
    EXPECT_EQ(http::set_cookie_header("__Host-tribune_session", "v", options),
        "__Host-tribune_session=v; Path=/; Max-Age=3600; Secure; HttpOnly; SameSite=Lax");
}

TEST(SetCookie, OtherAttributes)
{
    http::CookieOptions const options { .secure = true, .http_only = false, .same_site = "Strict", .path = "/account" };
    EXPECT_EQ(http::set_cookie_header("prefs", "", options), "prefs=; Path=/account; Secure; SameSite=Strict");
}

TEST(SetCookie, ClearExpiresNow)
{
    http::CookieOptions const options { .secure = true, .max_age = 3600s };
    EXPECT_EQ(http::clear_cookie_header("__Host-tribune_session", options), "__Host-tribune_session=; Path=/; Max-Age=0; Secure; HttpOnly; SameSite=Lax");
}

TEST(SetCookie, RefusesInjection)
{
    http::CookieOptions const plain { .secure = false };
    std::string_view const bad_values[] = {
        "a; Domain=evil.example",
        "a\r\nSet-Cookie: x=1",
        "a\nb",
        "a b",
        "a,b",
        "\"quoted\"",
        "back\\slash",
        "caf\xc3\xa9",
        std::string_view("nul\0byte", 8),
        "\x7f",
    };
    for (auto const value : bad_values)
        EXPECT_THROW((void)http::set_cookie_header("name", value, plain), std::invalid_argument) << value;

    std::string_view const bad_names[] = { "", "a=b", "a b", "a;b", "a\r\n", "a(b)", "a,b", "caf\xc3\xa9", "a/b" };
    for (auto const name : bad_names)
        EXPECT_THROW((void)http::set_cookie_header(name, "v", plain), std::invalid_argument) << name;

    std::string const bad_paths[] = { "", "relative", "/a; Domain=evil", "/a\r\nX: y", "/\x01" };
    for (auto const& path : bad_paths) {
        http::CookieOptions options { .secure = false };
        options.path = path;
        EXPECT_THROW((void)http::set_cookie_header("name", "v", options), std::invalid_argument) << path;
    }

    for (auto const same_site : { "", "lax", "Lax; Secure", "Whatever" }) {
        http::CookieOptions options { .secure = true };
        options.same_site = same_site;
        EXPECT_THROW((void)http::set_cookie_header("name", "v", options), std::invalid_argument) << same_site;
    }
}

TEST(SetCookie, RefusesOptionsBrowsersWouldDrop)
{
    EXPECT_THROW((void)http::set_cookie_header("__Host-s", "v", { .secure = false }), std::invalid_argument);
    EXPECT_THROW((void)http::set_cookie_header("__host-s", "v", { .secure = false }), std::invalid_argument);
    EXPECT_THROW((void)http::set_cookie_header("__Secure-s", "v", { .secure = false }), std::invalid_argument);
    EXPECT_THROW((void)http::set_cookie_header("__Host-s", "v", { .secure = true, .path = "/sub" }), std::invalid_argument);
    EXPECT_NO_THROW((void)http::set_cookie_header("__Secure-s", "v", { .secure = true, .path = "/sub" }));
    EXPECT_THROW((void)http::set_cookie_header("s", "v", { .secure = false, .same_site = "None" }), std::invalid_argument);
    EXPECT_NO_THROW((void)http::set_cookie_header("s", "v", { .secure = true, .same_site = "None" }));
    EXPECT_THROW((void)http::set_cookie_header("s", "v", { .secure = false, .max_age = -1s }), std::invalid_argument);
}

TEST(SetCookie, SessionCookieRoundTrips)
{
    auto const name = http::session_cookie_name(http::Transport::Tls);
    EXPECT_EQ(name, "__Host-tribune_session");
    EXPECT_EQ(http::session_cookie_name(http::Transport::Plain), "tribune_session");
    auto const header = http::set_cookie_header(name, "tok_EN-123", { .secure = true });
    // What a browser sends back is the pair before the first attribute.
    auto const request = request_with_cookies({ "other=1; " + header.substr(0, header.find(';')) });
    EXPECT_EQ(http::cookie_value(request, name), "tok_EN-123");
}

TEST(SetCookie, ResponseKeepsEverySetCookie)
{
    http::Response response;
    http::add_set_cookie(response, http::set_cookie_header("a", "1", { .secure = false }));
    http::add_set_cookie(response, http::clear_cookie_header("b", { .secure = false }));
    ASSERT_EQ(response.headers.size(), 2u);
    EXPECT_EQ(response.headers[0].first, "Set-Cookie");
    EXPECT_EQ(response.headers[1].first, "Set-Cookie");
    EXPECT_EQ(response.headers[1].second.substr(0, 3), "b=;");
}

}
