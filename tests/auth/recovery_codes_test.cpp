#include "auth/recovery_codes.h"

#include "auth/random.h"

#include <gtest/gtest.h>

#include <regex>
#include <set>

TEST(RecoveryCodes, TenCodesInGroupsOfFour)
{
    auto const codes = auth::new_recovery_codes();
    ASSERT_EQ(codes.size(), 10u);
    // 12 symbols of Crockford's base32 (no i, l, o, u): 60 bits each.
    std::regex const shape("[0-9a-hjkmnp-tv-z]{4}-[0-9a-hjkmnp-tv-z]{4}-[0-9a-hjkmnp-tv-z]{4}");
    for (auto const& code : codes)
        EXPECT_TRUE(std::regex_match(code, shape)) << code;
    EXPECT_EQ(std::set(codes.begin(), codes.end()).size(), codes.size());
    EXPECT_EQ(auth::new_recovery_codes(3).size(), 3u);
}

TEST(RecoveryCodes, UseEverySymbol)
{
    // 200 codes x 12 symbols: a symbol missing from all of them would mean lost bits.
    std::set<char> seen;
    for (auto const& code : auth::new_recovery_codes(200))
        for (char const c : code)
            seen.insert(c);
    seen.erase('-');
    EXPECT_EQ(seen.size(), 32u);
}

TEST(RecoveryCodes, NormalisingForgivesCaseSeparatorsAndLookAlikes)
{
    struct Case {
        std::string_view typed;
        std::string_view normalised;
    };
    Case const cases[] = {
        { "k7p2-9xq4-m3dz", "k7p29xq4m3dz" },
        { "K7P2 9XQ4 M3DZ", "k7p29xq4m3dz" },
        { "  k7p2--9xq4-m3dz ", "k7p29xq4m3dz" },
        { "10o0-IiLl-abcd", "1000"
                            "1111"
                            "abcd" },
        { "", "" },
        { "k7p2_9xq4", "k7p2_9xq4" }, // other characters stay, so the code stays wrong
    };
    for (auto const& c : cases)
        EXPECT_EQ(auth::normalise_recovery_code(c.typed), c.normalised) << c.typed;
}

TEST(RecoveryCodes, HashIsTheTokenHashOfTheNormalisedCode)
{
    auto const code = auth::new_recovery_codes(1).front();
    auto const hash = auth::recovery_code_hash(code);
    EXPECT_EQ(hash, auth::token_hash(auth::normalise_recovery_code(code)));
    std::string upper;
    for (char const c : code)
        upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    EXPECT_EQ(auth::recovery_code_hash(upper), hash);
    EXPECT_EQ(hash.find(auth::normalise_recovery_code(code)), std::string::npos);
    EXPECT_NE(auth::recovery_code_hash(code.substr(1)), hash);
}
