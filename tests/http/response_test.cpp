#include "http/response.h"

#include <gtest/gtest.h>

namespace {

TEST(Response, SetHeaderReplacesCaseInsensitively)
{
    http::Response response;
    response.headers = { { "X-A", "1" }, { "x-a", "2" }, { "X-B", "3" } };
    response.set_header("x-A", "new");
    ASSERT_EQ(response.headers.size(), 2u);
    EXPECT_EQ(response.header("X-a"), "new");
    EXPECT_EQ(response.header("x-b"), "3");
    response.set_header("X-C", "4");
    EXPECT_EQ(response.header("X-C"), "4");
    EXPECT_EQ(response.header("missing"), "");
}

TEST(Response, ConstructorsDeclareCharsetForText)
{
    auto const page = http::Response::html("<p>x</p>", 404);
    EXPECT_EQ(page.status, 404);
    EXPECT_EQ(page.header("content-type"), "text/html; charset=utf-8");
    EXPECT_EQ(page.body, "<p>x</p>");

    EXPECT_EQ(http::Response::text("a", "text/plain").header("Content-Type"), "text/plain; charset=utf-8");
    EXPECT_EQ(http::Response::text("a", "text/csv; charset=iso-8859-1").header("Content-Type"), "text/csv; charset=iso-8859-1");
    EXPECT_EQ(http::Response::text("{}", "application/json").header("Content-Type"), "application/json");

    auto const moved = http::Response::redirect("/articles/x");
    EXPECT_EQ(moved.status, 303);
    EXPECT_EQ(moved.header("Location"), "/articles/x");
    EXPECT_EQ(http::Response::redirect("/new", 301).status, 301);
}

TEST(StatusReason, NamesCommonCodes)
{
    EXPECT_EQ(http::status_reason(200), "OK");
    EXPECT_EQ(http::status_reason(404), "Not Found");
    EXPECT_EQ(http::status_reason(413), "Content Too Large");
    EXPECT_EQ(http::status_reason(431), "Request Header Fields Too Large");
    EXPECT_EQ(http::status_reason(599), "Unknown");
}

}
