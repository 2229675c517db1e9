#include "auth/random.h"

#include <gtest/gtest.h>
#include <set>

TEST(Random, TokensAre256BitBase64UrlAndDistinct)
{
    std::set<std::string> seen;
    for (int i = 0; i < 1000; ++i) {
        auto const token = auth::random_token();
        EXPECT_EQ(token.size(), 43u);
        EXPECT_EQ(token.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"), std::string::npos) << token;
        EXPECT_TRUE(seen.insert(token).second);
    }
    EXPECT_EQ(auth::random_token(16).size(), 22u);
}

TEST(Random, TokenHashIsStableHexAndHidesTheToken)
{
    auto const hash = auth::token_hash("secret-token");
    EXPECT_EQ(hash.size(), 64u);
    EXPECT_EQ(hash, auth::token_hash("secret-token"));
    EXPECT_NE(hash, auth::token_hash("secret-tokeN"));
    EXPECT_EQ(hash.find("secret"), std::string::npos);
}

TEST(Random, ComparesInConstantTime)
{
    EXPECT_TRUE(auth::equal_in_constant_time("abc", "abc"));
    EXPECT_FALSE(auth::equal_in_constant_time("abc", "abd"));
    EXPECT_FALSE(auth::equal_in_constant_time("abc", "abcd"));
    EXPECT_TRUE(auth::equal_in_constant_time("", ""));
}
