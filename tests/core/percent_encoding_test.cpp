#include "core/percent_encoding.h"

#include <gtest/gtest.h>

TEST(PercentEncoding, KeepsOnlyUnreservedCharacters)
{
    EXPECT_EQ(core::percent_encode("AZaz09-._~"), "AZaz09-._~");
    EXPECT_EQ(core::percent_encode("a b/c?d=e&f#g+h%"), "a%20b%2Fc%3Fd%3De%26f%23g%2Bh%25");
    EXPECT_EQ(core::percent_encode("Zo\xC3\xAB"), "Zo%C3%AB");
    EXPECT_EQ(core::percent_encode(std::string_view("\0\n", 2)), "%00%0A");
}

TEST(PercentEncoding, ReadsHexDigits)
{
    EXPECT_EQ(core::hex_digit_value('0'), 0);
    EXPECT_EQ(core::hex_digit_value('9'), 9);
    EXPECT_EQ(core::hex_digit_value('a'), 10);
    EXPECT_EQ(core::hex_digit_value('F'), 15);
    EXPECT_EQ(core::hex_digit_value('g'), -1);
    EXPECT_EQ(core::hex_digit_value('%'), -1);
}
