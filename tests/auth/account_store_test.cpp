#include "auth/account_store.h"

#include "../storage/temporary_database.h"

#include <gtest/gtest.h>

using auth::AccountStore;
using auth::NewAccount;
using auth::Role;
using testing_support::TemporaryDatabase;

namespace {

NewAccount new_account(std::string username, std::string email, Role role = Role::Member)
{
    return NewAccount {
        .username = std::move(username),
        .display_name = "Ada Lovelace",
        .email = std::move(email),
        .password_hash = "$argon2id$stand-in",
        .role = role,
        .bio = "Wrote the first program.",
        .created_at = 1'700'000'000,
    };
}

core::Result<std::int64_t> insert(storage::Database& database, NewAccount const& account)
{
    AccountStore const accounts(database);
    auto transaction = database.begin();
    auto id = accounts.insert(transaction, account);
    if (id)
        transaction.commit();
    return id;
}

}

TEST(Roles, NamesRoundTrip)
{
    for (auto const role : { Role::Admin, Role::Editor, Role::Author, Role::Contributor, Role::Member })
        EXPECT_EQ(auth::parse_role(auth::role_name(role)), role);
    EXPECT_EQ(auth::role_name(Role::Contributor), "contributor");
    EXPECT_EQ(auth::parse_role("Admin"), std::nullopt);
    EXPECT_EQ(auth::parse_role(""), std::nullopt);
}

TEST(AccountStore, InsertsAndFindsAccounts)
{
    TemporaryDatabase database;
    AccountStore const accounts(*database);
    EXPECT_EQ(accounts.count(), 0);

    auto const id = insert(*database, new_account("AdaL", "Ada@Example.org", Role::Editor));
    ASSERT_TRUE(id) << id.error().message;
    EXPECT_EQ(accounts.count(), 1);

    auto const by_id = accounts.find_by_id(*id);
    ASSERT_TRUE(by_id);
    EXPECT_EQ(by_id->id, *id);
    EXPECT_EQ(by_id->username, "AdaL"); // kept as typed
    EXPECT_EQ(by_id->display_name, "Ada Lovelace");
    EXPECT_EQ(by_id->email, "Ada@Example.org");
    EXPECT_EQ(by_id->password_hash, "$argon2id$stand-in");
    EXPECT_EQ(by_id->role, Role::Editor);
    EXPECT_EQ(by_id->bio, "Wrote the first program.");
    EXPECT_EQ(by_id->created_at, 1'700'000'000);

    EXPECT_FALSE(accounts.find_by_id(*id + 1));
    EXPECT_FALSE(accounts.find_by_username("nobody"));
}

TEST(AccountStore, FindsUsernamesCaseInsensitively)
{
    TemporaryDatabase database;
    AccountStore const accounts(*database);
    auto const id = insert(*database, new_account("AdaL", "ada@example.org"));
    ASSERT_TRUE(id);
    for (std::string_view username : { "AdaL", "adal", "ADAL", "aDaL" }) {
        auto const found = accounts.find_by_username(username);
        ASSERT_TRUE(found) << username;
        EXPECT_EQ(found->id, *id);
    }
    EXPECT_FALSE(accounts.find_by_username("ada"));
    EXPECT_FALSE(accounts.find_by_username("adal "));
}

TEST(AccountStore, RefusesATakenUsernameOrEmailWithTheField)
{
    TemporaryDatabase database;
    ASSERT_TRUE(insert(*database, new_account("AdaL", "ada@example.org")));

    struct Case {
        std::string username;
        std::string email;
        std::string_view field;
    } const cases[] = {
        { "adal", "other@example.org", "username" },
        { "ADAL", "other@example.org", "username" },
        { "grace", "ada@example.org", "email" },
        { "grace", "ADA@EXAMPLE.ORG", "email" },
        { "Adal", "ADA@example.org", "username" },
    };
    for (auto const& c : cases) {
        auto const id = insert(*database, new_account(c.username, c.email));
        ASSERT_FALSE(id) << c.username << " " << c.email;
        EXPECT_EQ(id.error().kind, core::ErrorKind::Conflict);
        EXPECT_EQ(id.error().field, c.field);
        EXPECT_FALSE(id.error().message.empty());
    }
    EXPECT_EQ(AccountStore(*database).count(), 1);
    EXPECT_TRUE(insert(*database, new_account("grace", "grace@example.org")));
}

TEST(AccountStore, TurnsAUniqueViolationIntoAConflict)
{
    // The unique indexes are the backstop for a writer that takes the name between the
    // store's check and its insert (possible on PostgreSQL). A temporary trigger plays
    // that writer: it inserts a clashing row just before the store's own row.
    struct Case {
        std::string_view clash; // the column the racing row takes
        std::string_view field;
    } const cases[] = { { "username", "username" }, { "email", "email" } };
    for (auto const& c : cases) {
        TemporaryDatabase database;
        AccountStore const accounts(*database);
        auto transaction = database->begin();
        transaction.execute(std::string(R"sql(
CREATE TEMP TRIGGER racing_writer BEFORE INSERT ON users WHEN NEW.username = 'late'
BEGIN
    INSERT INTO users (username, username_key, display_name, email, email_key, password_hash, role, created_at)
    VALUES ('Racer', )sql")
            + (c.clash == "username" ? "NEW.username_key" : "'racer'") + R"sql(, 'Racer', 'r@example.org', )sql"
            + (c.clash == "email" ? "NEW.email_key" : "'r@example.org'") + R"sql(, 'h', 'member', 0);
END)sql");
        auto const id = accounts.insert(transaction, new_account("late", "late@example.org"));
        ASSERT_FALSE(id) << c.clash;
        EXPECT_EQ(id.error().kind, core::ErrorKind::Conflict);
        EXPECT_EQ(id.error().field, c.field);
    }
}
