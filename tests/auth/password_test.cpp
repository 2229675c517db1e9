#include "auth/password.h"

#include <gtest/gtest.h>

namespace {

// Small parameters keep the tests quick; the defaults are checked once, below.
constexpr auth::PasswordParameters quick { .ops_limit = 1, .mem_limit = 8ull * 1024 * 1024 };

}

TEST(Password, DefaultsAreAtOrAboveOwaspMinimum)
{
    // OWASP Password Storage Cheat Sheet: argon2id with m=19 MiB, t=2, p=1 at least.
    auth::PasswordParameters const defaults;
    EXPECT_GE(defaults.ops_limit, 2u);
    EXPECT_GE(defaults.mem_limit, 19ull * 1024 * 1024);

    auto const hash = auth::hash_password("correct horse battery staple");
    EXPECT_TRUE(hash.starts_with("$argon2id$v=19$m=65536,t=3,p=1$")) << hash;
    EXPECT_TRUE(auth::verify_password(hash, "correct horse battery staple"));
    EXPECT_FALSE(auth::password_needs_rehash(hash));
}

TEST(Password, VerifiesOnlyThePasswordAsTyped)
{
    struct Case {
        std::string_view password;
        std::string_view wrong;
    } const cases[] = {
        { "correct horse battery staple", "correct horse battery stapl" },
        { "Correct Horse", "correct horse" },
        { "caf\xC3\xA9 cr\xC3\xA8me", "cafe\xCC\x81 cr\xC3\xA8me" }, // NFC vs NFD: not normalised
        { "", " " },
        { std::string_view("nul\0inside", 10), "nul" },
    };
    for (auto const& c : cases) {
        auto const hash = auth::hash_password(c.password, quick);
        EXPECT_TRUE(hash.starts_with("$argon2id$")) << hash;
        EXPECT_TRUE(auth::verify_password(hash, c.password)) << c.password;
        EXPECT_FALSE(auth::verify_password(hash, c.wrong)) << c.wrong;
    }
}

TEST(Password, SaltsEveryHash)
{
    auto const first = auth::hash_password("the same password", quick);
    auto const second = auth::hash_password("the same password", quick);
    EXPECT_NE(first, second);
    EXPECT_TRUE(auth::verify_password(first, "the same password"));
    EXPECT_TRUE(auth::verify_password(second, "the same password"));
}

TEST(Password, RefusesMalformedHashes)
{
    for (std::string_view hash : { "", "plain text", "$argon2id$v=19$m=8192,t=1,p=1$broken", "no hash" }) {
        EXPECT_FALSE(auth::verify_password(hash, "plain text")) << hash;
        EXPECT_TRUE(auth::password_needs_rehash(hash, quick)) << hash;
    }
}

TEST(Password, NeedsRehashWhenTheParametersChange)
{
    auto const hash = auth::hash_password("a password to upgrade", quick);
    EXPECT_FALSE(auth::password_needs_rehash(hash, quick));
    EXPECT_TRUE(auth::password_needs_rehash(hash, { .ops_limit = 2, .mem_limit = quick.mem_limit }));
    EXPECT_TRUE(auth::password_needs_rehash(hash, { .ops_limit = quick.ops_limit, .mem_limit = 16ull * 1024 * 1024 }));
    EXPECT_TRUE(auth::password_needs_rehash(hash));
}

TEST(Password, ThrowsWhenTheParametersAreUnusable)
{
    EXPECT_THROW(auth::hash_password("x", { .ops_limit = 0, .mem_limit = quick.mem_limit }), std::runtime_error);
    EXPECT_THROW(auth::hash_password("x", { .ops_limit = 1, .mem_limit = 1024 }), std::runtime_error);
}
