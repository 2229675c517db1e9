#include "http/security_headers.h"

#include <algorithm>
#include <gtest/gtest.h>

namespace {

TEST(SecurityHeaders, AddsEveryHeader)
{
    auto response = http::Response::html("<p>hi</p>");
    http::apply_security_headers(response);
    EXPECT_EQ(response.header("Content-Security-Policy"),
        "default-src 'self'; img-src 'self' https: data:; script-src 'self'; style-src 'self'; object-src 'none'; "
        "base-uri 'none'; frame-ancestors 'none'; form-action 'self'");
    EXPECT_EQ(response.header("X-Content-Type-Options"), "nosniff");
    EXPECT_EQ(response.header("Referrer-Policy"), "strict-origin-when-cross-origin");
    EXPECT_EQ(response.header("X-Frame-Options"), "DENY");
    EXPECT_EQ(response.header("Permissions-Policy"), "interest-cohort=()");
}

TEST(SecurityHeaders, KeepsWhatTheHandlerSet)
{
    auto response = http::Response::html("<p>reset your password</p>");
    response.set_header("referrer-policy", "no-referrer");
    http::apply_security_headers(response);
    http::apply_security_headers(response);
    EXPECT_EQ(response.header("Referrer-Policy"), "no-referrer");
    auto const count = std::ranges::count_if(response.headers, [](auto const& h) { return h.first == "X-Frame-Options"; });
    EXPECT_EQ(count, 1);
    EXPECT_EQ(response.headers.size(), 6u); // Content-Type + 5, no duplicates
}

}
