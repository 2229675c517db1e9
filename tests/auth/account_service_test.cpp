#include "auth/account_service.h"

#include "../storage/temporary_database.h"

#include <gtest/gtest.h>

using testing_support::TemporaryDatabase;

namespace {

// Small argon2id parameters keep the test quick; the defaults are checked in password_test.
constexpr auth::PasswordParameters quick { .ops_limit = 1, .mem_limit = 8 * 1024 * 1024 };

auth::AccountRequest ada()
{
    return auth::AccountRequest {
        .username = "ada",
        .display_name = "Ada Lovelace",
        .email = "ada@example.org",
        .password = "correct horse battery staple",
        .role = auth::Role::Author,
        .bio = "Wrote the first program.",
    };
}

}

TEST(AccountRules, RefuseBadInputNamingTheField)
{
    struct Case {
        char const* what;
        core::Result<void> result;
        char const* field;
    } const cases[] = {
        { "one letter", auth::validate_username("a"), "username" },
        { "too long", auth::validate_username(std::string(33, 'a')), "username" },
        { "space", auth::validate_username("ada lovelace"), "username" },
        { "markup", auth::validate_username("<b>"), "username" },
        { "reserved", auth::validate_username("Admin"), "username" },
        { "reserved api", auth::validate_username("api"), "username" },
        { "empty display name", auth::validate_display_name("  "), "display_name" },
        { "newline in display name", auth::validate_display_name("Ada\nLovelace"), "display_name" },
        { "no at", auth::validate_email("ada.example.org"), "email" },
        { "no domain dot", auth::validate_email("ada@localhost"), "email" },
        { "header injection", auth::validate_email("ada@example.org\r\nBcc: x@y.z"), "email" },
        { "short password", auth::validate_password("short pass", "ada", "ada@example.org"), "password" },
        { "password is username", auth::validate_password("ada-lovelace-1815", "Ada-Lovelace-1815", "ada@example.org"), "password" },
        { "password is email", auth::validate_password("ada@example.org", "ada", "ada@example.org"), "password" },
        { "password too long", auth::validate_password(std::string(1025, 'x'), "ada", "ada@example.org"), "password" },
        { "common password", auth::validate_password("qwerty123456", "ada", "ada@example.org"), "password" },
        { "common password in capitals", auth::validate_password("1QAZ2WSX3EDC", "ada", "ada@example.org"), "password" },
        { "common password with a year", auth::validate_password("Password2024!", "ada", "ada@example.org"), "password" },
    };
    for (auto const& c : cases) {
        ASSERT_FALSE(c.result) << c.what;
        EXPECT_EQ(c.result.error().field, c.field) << c.what;
        EXPECT_EQ(c.result.error().kind, core::ErrorKind::Invalid) << c.what;
    }
}

TEST(AccountRules, AcceptGoodInput)
{
    EXPECT_TRUE(auth::validate_username("ada_l-1815"));
    EXPECT_TRUE(auth::validate_display_name("Zoë Ångström 日本"));
    EXPECT_TRUE(auth::validate_email("ada+news@example.org"));
    // Twelve code points of non-ASCII text is long enough, though it is more bytes.
    EXPECT_TRUE(auth::validate_password("ÅÅÅÅÅÅÅÅÅÅÅÅ", "ada", "ada@example.org"));
    EXPECT_FALSE(auth::validate_password("ÅÅÅÅÅÅ", "ada", "ada@example.org"));
    EXPECT_TRUE(auth::validate_password(std::string(1024, 'x'), "ada", "ada@example.org"));
}

TEST(AccountService, CreatesAccountWithArgon2idHash)
{
    TemporaryDatabase database;
    auth::AccountStore const accounts(*database);
    core::FixedClock const clock(1'800'000'000);
    auth::AccountService const service(*database, accounts, clock, quick);

    auto const id = service.create(ada());
    ASSERT_TRUE(id) << id.error().message;
    auto const stored = accounts.find_by_id(*id);
    ASSERT_TRUE(stored);
    EXPECT_TRUE(stored->password_hash.starts_with("$argon2id$"));
    EXPECT_TRUE(auth::verify_password(stored->password_hash, "correct horse battery staple"));
    EXPECT_FALSE(auth::verify_password(stored->password_hash, "correct horse battery stapl"));
    EXPECT_EQ(stored->role, auth::Role::Author);
    EXPECT_EQ(stored->created_at, 1'800'000'000);
}

TEST(AccountService, RefusesTakenUsernameOrEmailAndChangesNothing)
{
    TemporaryDatabase database;
    auth::AccountStore const accounts(*database);
    core::FixedClock const clock(1'800'000'000);
    auth::AccountService const service(*database, accounts, clock, quick);
    ASSERT_TRUE(service.create(ada()));

    auto same_name = ada();
    same_name.username = "ADA";
    same_name.email = "other@example.org";
    auto const name_taken = service.create(same_name);
    ASSERT_FALSE(name_taken);
    EXPECT_EQ(name_taken.error().kind, core::ErrorKind::Conflict);
    EXPECT_EQ(name_taken.error().field, "username");

    auto same_email = ada();
    same_email.username = "ada2";
    same_email.email = "ADA@example.org";
    auto const email_taken = service.create(same_email);
    ASSERT_FALSE(email_taken);
    EXPECT_EQ(email_taken.error().field, "email");

    auto invalid = ada();
    invalid.username = "root";
    EXPECT_FALSE(service.create(invalid));
    EXPECT_EQ(accounts.count(), 1);
}

TEST(AccountRules, CommonPasswordsAreRefusedWithTheirOwnMessage)
{
    auto const refused = auth::validate_password("iloveyou2026", "ada", "ada@example.org");
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().message, "That password is too common; attackers try it first. Choose another.");
    EXPECT_EQ(refused.error().field, "password");
    EXPECT_TRUE(auth::validate_password("iloveyou but not in that way", "ada", "ada@example.org"));
}
