#include "web/sign_in.h"

#include <gtest/gtest.h>

TEST(SignIn, NextStaysOnTheSite)
{
    struct Case {
        std::optional<std::string> next;
        char const* expected;
    } const cases[] = {
        { std::nullopt, "/" },
        { "", "/" },
        { "/", "/" },
        { "/articles/x#respond", "/articles/x#respond" },
        { "/author/ada?page=2", "/author/ada?page=2" },
        { "//evil.example", "/" },
        { "/\\evil.example", "/" },
        { "https://evil.example", "/" },
        { "javascript:alert(1)", "/" },
        { "evil.example", "/" },
        { "/\t/evil.example", "/" },
        { "/x\r\nSet-Cookie: a=b", "/" },
    };
    for (auto const& c : cases)
        EXPECT_EQ(web::safe_next(c.next), c.expected) << c.next.value_or("(none)");
}
