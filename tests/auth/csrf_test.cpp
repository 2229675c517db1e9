#include "auth/csrf.h"

#include "auth/random.h"

#include <gtest/gtest.h>

#include <array>
#include <set>
#include <stdexcept>

namespace {

auth::ActiveSession session_with_secret(std::string secret)
{
    return auth::ActiveSession { .id = 1, .user_id = 1, .csrf_secret = std::move(secret) };
}

std::array<unsigned char, 32> key_of(unsigned char fill)
{
    std::array<unsigned char, 32> key {};
    key.fill(fill);
    return key;
}

TEST(CsrfToken, ValidForItsSessionOnly)
{
    auto const session = session_with_secret(auth::random_token());
    auto const other = session_with_secret(auth::random_token());
    auto const token = auth::csrf_token(session);
    EXPECT_TRUE(auth::csrf_token_valid(session, token));
    EXPECT_FALSE(auth::csrf_token_valid(other, token));
    EXPECT_FALSE(auth::csrf_token_valid(other, auth::csrf_token(session)));
    EXPECT_TRUE(auth::csrf_token_valid(other, auth::csrf_token(other)));
}

TEST(CsrfToken, DiffersEachTimeButNeverShowsTheSecret)
{
    auto const session = session_with_secret(auth::random_token());
    std::set<std::string> tokens;
    for (int i = 0; i < 20; ++i) {
        auto const token = auth::csrf_token(session);
        EXPECT_EQ(token.find(session.csrf_secret), std::string::npos);
        EXPECT_TRUE(auth::csrf_token_valid(session, token));
        tokens.insert(token);
    }
    EXPECT_EQ(tokens.size(), 20u);
}

TEST(CsrfToken, RefusesMalformedSubmissions)
{
    auto const session = session_with_secret(auth::random_token());
    auto const token = auth::csrf_token(session);
    auto flipped = token;
    flipped[token.size() / 2] = flipped[token.size() / 2] == 'A' ? 'B' : 'A';
    std::string const submissions[] = {
        "",
        session.csrf_secret, // the bare secret is not a token
        token.substr(0, token.size() - 1),
        token + "A",
        token + "=",
        flipped,
        std::string(token.size(), '*'),
        std::string(100'000, 'A'),
        std::string(token.size(), 'A'),
    };
    for (auto const& submitted : submissions)
        EXPECT_FALSE(auth::csrf_token_valid(session, submitted)) << submitted.substr(0, 100);
}

TEST(CsrfToken, EmptySecretValidatesNothing)
{
    auto const session = session_with_secret("");
    EXPECT_THROW((void)auth::csrf_token(session), std::invalid_argument);
    EXPECT_FALSE(auth::csrf_token_valid(session, ""));
    EXPECT_FALSE(auth::csrf_token_valid(session, auth::csrf_token(session_with_secret(auth::random_token()))));
}

TEST(AnonymousCsrfToken, BoundToThePreSessionValueAndKey)
{
    auto const key = key_of(7);
    auto const other_key = key_of(8);
    auto const pre_session = auth::random_token();
    auto const token = auth::anonymous_csrf_token(pre_session, key);
    EXPECT_TRUE(auth::anonymous_csrf_token_valid(pre_session, key, token));
    EXPECT_TRUE(auth::anonymous_csrf_token_valid(pre_session, key, auth::anonymous_csrf_token(pre_session, key)));
    EXPECT_NE(token, auth::anonymous_csrf_token(pre_session, key));
    EXPECT_FALSE(auth::anonymous_csrf_token_valid(auth::random_token(), key, token));
    EXPECT_FALSE(auth::anonymous_csrf_token_valid(pre_session, other_key, token));
    EXPECT_FALSE(auth::anonymous_csrf_token_valid(pre_session, key, ""));
    EXPECT_FALSE(auth::anonymous_csrf_token_valid(pre_session, key, pre_session));
    EXPECT_FALSE(auth::anonymous_csrf_token_valid("", key, auth::anonymous_csrf_token("", key)));
}

TEST(AnonymousCsrfToken, RefusesShortKeys)
{
    std::array<unsigned char, 16> const short_key {};
    EXPECT_THROW((void)auth::anonymous_csrf_token("value", short_key), std::invalid_argument);
    EXPECT_THROW((void)auth::anonymous_csrf_token_valid("value", short_key, "token"), std::invalid_argument);
}

struct OriginCase {
    http::Method method;
    std::vector<std::pair<std::string, std::string>> headers;
    bool allowed;
    char const* why;
};

http::Request request_of(OriginCase const& test)
{
    http::Request request;
    request.method = test.method;
    request.headers = test.headers;
    return request;
}

TEST(SameOriginRequest, FollowsFetchMetadataThenOriginThenReferer)
{
    using http::Method;
    OriginCase const cases[] = {
        { Method::Get, { { "sec-fetch-site", "cross-site" } }, true, "safe methods change nothing" },
        { Method::Head, { { "origin", "https://evil.example" } }, true, "HEAD is safe" },
        { Method::Options, {}, true, "OPTIONS is safe" },
        { Method::Post, { { "sec-fetch-site", "same-origin" } }, true, "same origin" },
        { Method::Post, { { "sec-fetch-site", "none" } }, true, "typed by the user" },
        { Method::Post, { { "sec-fetch-site", "same-site" } }, false, "a sibling subdomain" },
        { Method::Post, { { "sec-fetch-site", "cross-site" } }, false, "cross-site" },
        { Method::Post, { { "sec-fetch-site", "cross-site" }, { "origin", "https://example.org" } }, false, "fetch metadata wins" },
        { Method::Post, { { "sec-fetch-site", "" } }, false, "empty fetch metadata" },
        { Method::Post, { { "sec-fetch-site", "Same-Origin" } }, false, "unknown value" },
        { Method::Post, { { "origin", "https://example.org" } }, true, "same origin" },
        { Method::Post, { { "origin", "https://EXAMPLE.org:443" } }, true, "case and default port" },
        { Method::Post, { { "origin", "https://example.org:8443" } }, false, "another port" },
        { Method::Post, { { "origin", "http://example.org" } }, false, "another scheme" },
        { Method::Post, { { "origin", "https://example.org.evil.example" } }, false, "suffix trick" },
        { Method::Post, { { "origin", "https://evil.example" } }, false, "cross-site" },
        { Method::Post, { { "origin", "null" } }, false, "opaque origin" },
        { Method::Post, { { "origin", "" } }, false, "empty origin" },
        { Method::Post, { { "origin", "null" }, { "referer", "https://example.org/a" } }, false, "referer does not rescue null" },
        { Method::Post, { { "referer", "https://example.org/account?tab=1" } }, true, "referer of the site" },
        { Method::Post, { { "referer", "https://example.org" } }, true, "referer without a path" },
        { Method::Post, { { "referer", "https://evil.example/https://example.org/" } }, false, "referer elsewhere" },
        { Method::Post, { { "referer", "https://example.org@evil.example/" } }, false, "userinfo trick" },
        { Method::Post, { { "referer", "/relative" } }, false, "not a URL" },
        { Method::Post, {}, false, "no header at all" },
        { Method::Put, { { "origin", "https://evil.example" } }, false, "PUT is unsafe" },
        { Method::Delete, { { "origin", "https://example.org" } }, true, "DELETE from the site" },
        { Method::Patch, { { "sec-fetch-site", "cross-site" } }, false, "PATCH is unsafe" },
        { Method::Other, {}, false, "unknown methods are unsafe" },
    };
    for (auto const& test : cases)
        EXPECT_EQ(auth::same_origin_request(request_of(test), "https://example.org/"), test.allowed) << test.why;
}

TEST(SameOriginRequest, BaseUrlWithPortAndPath)
{
    http::Request request;
    request.method = http::Method::Post;
    request.headers = { { "origin", "http://localhost:8080" } };
    EXPECT_TRUE(auth::same_origin_request(request, "http://localhost:8080/blog/"));
    EXPECT_FALSE(auth::same_origin_request(request, "http://localhost:8081"));
    request.headers = { { "origin", "http://[::1]:8080" } };
    EXPECT_TRUE(auth::same_origin_request(request, "http://[::1]:8080"));
    request.headers = { { "origin", "http://example.org" } };
    EXPECT_TRUE(auth::same_origin_request(request, "http://example.org:80/"));
}

TEST(SameOriginRequest, RefusesABadBaseUrl)
{
    http::Request request;
    request.method = http::Method::Post;
    for (auto const base_url : { "", "example.org", "ftp://example.org", "https://", "https:///path" })
        EXPECT_THROW((void)auth::same_origin_request(request, base_url), std::invalid_argument) << base_url;
}

}
