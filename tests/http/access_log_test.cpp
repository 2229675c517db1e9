#include "http/access_log.h"

#include <gtest/gtest.h>

namespace {

TEST(JsonQuote, EscapesWhatCouldForgeALine)
{
    struct Case {
        std::string_view input;
        std::string_view expected;
    };
    Case const cases[] = {
        { "/plain/path", R"("/plain/path")" },
        { "quote\"back\\slash", R"("quote\"back\\slash")" },
        { "a\r\n{\"id\":\"forged\"}", R"("a\u000d\u000a{\"id\":\"forged\"}")" },
        { std::string_view("nul\0tab\tdel\x7f", 12), R"("nul\u0000tab\u0009del\u007f")" },
        { "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80", "\"caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80\"" },
        { "bad \xC3 \xFF \xC0\xAF \xED\xA0\x80", R"("bad \ufffd \ufffd \ufffd\ufffd \ufffd\ufffd\ufffd")" },
    };
    for (auto const& c : cases)
        EXPECT_EQ(http::json_quote(c.input), c.expected) << c.input;
}

TEST(FormatAccessLine, WritesOneJsonObject)
{
    http::AccessRecord const record {
        .id = "0123456789abcdef",
        .method = "GET",
        .path = "/a\"b\n",
        .status = 404,
        .bytes = 1234,
        .micros = 87,
        .remote = "127.0.0.1",
    };
    EXPECT_EQ(http::format_access_line(record),
        R"({"id":"0123456789abcdef","method":"GET","path":"/a\"b\u000a","status":404,"bytes":1234,"micros":87,"remote":"127.0.0.1"})");
}

}
