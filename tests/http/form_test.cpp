#include "http/form.h"

#include "core/percent_encoding.h"

#include "http/request.h"

#include <gtest/gtest.h>

namespace {

using http::FormFields;

TEST(PercentDecode, DecodesEscapesAndReportsMalformedOnes)
{
    struct Case {
        std::string_view input;
        http::Plus plus;
        std::optional<std::string> expected;
    };
    Case const cases[] = {
        { "plain", http::Plus::Literal, "plain" },
        { "a%20b", http::Plus::Literal, "a b" },
        { "%C3%A9t%c3%a9", http::Plus::Literal, "\xC3\xA9t\xC3\xA9" },
        { "a+b", http::Plus::Literal, "a+b" },
        { "a+b", http::Plus::Space, "a b" },
        { "100%25", http::Plus::Literal, "100%" },
        { "%00", http::Plus::Literal, std::string(1, '\0') },
        { "", http::Plus::Literal, "" },
        { "%", http::Plus::Literal, std::nullopt },
        { "%4", http::Plus::Literal, std::nullopt },
        { "abc%", http::Plus::Literal, std::nullopt },
        { "%zz", http::Plus::Literal, std::nullopt },
        { "%4g", http::Plus::Space, std::nullopt },
    };
    for (auto const& c : cases)
        EXPECT_EQ(http::percent_decode(c.input, c.plus), c.expected) << c.input;
}

TEST(UrlEncodeComponent, KeepsOnlyUnreservedCharacters)
{
    EXPECT_EQ(core::percent_encode("AZaz09-._~"), "AZaz09-._~");
    EXPECT_EQ(core::percent_encode("a b/c?d=e&f#g"), "a%20b%2Fc%3Fd%3De%26f%23g");
    EXPECT_EQ(core::percent_encode("\xC3\xA9"), "%C3%A9");
    EXPECT_EQ(core::percent_encode(std::string_view("\0+%", 3)), "%00%2B%25");
}

TEST(UrlEncodeComponent, RoundTripsThroughPercentDecode)
{
    std::string every_byte;
    for (int i = 0; i < 256; ++i)
        every_byte += static_cast<char>(i);
    EXPECT_EQ(http::percent_decode(core::percent_encode(every_byte)), every_byte);
}

TEST(ParseForm, SplitsAndDecodesPairs)
{
    struct Case {
        std::string_view body;
        FormFields expected;
    };
    Case const cases[] = {
        { "", {} },
        { "a=1&b=2", { { "a", "1" }, { "b", "2" } } },
        { "name=Ada+Lovelace&note=x%26y%3Dz", { { "name", "Ada Lovelace" }, { "note", "x&y=z" } } },
        { "tag=a&tag=b", { { "tag", "a" }, { "tag", "b" } } },
        { "flag&empty=&=value", { { "flag", "" }, { "empty", "" }, { "", "value" } } },
        { "&&a=1&&", { { "a", "1" } } },
        { "eq=a=b", { { "eq", "a=b" } } },
        { "k%2Bey=v", { { "k+ey", "v" } } },
    };
    for (auto const& c : cases)
        EXPECT_EQ(http::parse_form(c.body), c.expected) << c.body;
}

TEST(ParseForm, KeepsMalformedEscapesLiterallyInsteadOfFailing)
{
    FormFields const expected { { "a", "%zz" }, { "b", "50%" }, { "c", "%4" }, { "d", "ok" } };
    EXPECT_EQ(http::parse_form("a=%zz&b=50%&c=%4&d=ok"), expected);
}

TEST(RequestQueryParam, FindsTheFirstDecodedValue)
{
    http::Request request;
    request.query = "q=caf%C3%A9+au+lait&page=2&page=3&empty=&bad=%G1";
    EXPECT_EQ(request.query_param("q"), "caf\xC3\xA9 au lait");
    EXPECT_EQ(request.query_param("page"), "2");
    EXPECT_EQ(request.query_param("empty"), "");
    EXPECT_EQ(request.query_param("bad"), "%G1");
    EXPECT_EQ(request.query_param("missing"), std::nullopt);
}

TEST(Request, HeaderAndParamLookups)
{
    http::Request request;
    request.headers = { { "host", "example.org" }, { "accept", "text/html" }, { "accept", "second" } };
    request.params = { { "slug", "hello" } };
    EXPECT_EQ(request.header("accept"), "text/html");
    EXPECT_EQ(request.header("missing"), "");
    EXPECT_EQ(request.param("slug"), "hello");
    EXPECT_EQ(request.param("missing"), "");
    EXPECT_EQ(http::method_name(http::Method::Patch), "PATCH");
}

}
