#include "auth/account_store.h"

#include <algorithm>
#include <array>

namespace auth {

namespace {

constexpr auto select_by_username_key = R"sql(
SELECT id, username, display_name, email, password_hash, role, bio, created_at
FROM users
WHERE username_key = $1)sql";

constexpr auto select_by_id = R"sql(
SELECT id, username, display_name, email, password_hash, role, bio, created_at
FROM users
WHERE id = $1)sql";

constexpr auto count_users = R"sql(
SELECT COUNT(*) FROM users)sql";

constexpr auto username_taken = R"sql(
SELECT 1 FROM users WHERE username_key = $1)sql";

constexpr auto email_taken = R"sql(
SELECT 1 FROM users WHERE email_key = $1)sql";

constexpr auto insert_user = R"sql(
INSERT INTO users (username, username_key, display_name, email, email_key, password_hash, role, bio, created_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
RETURNING id)sql";

constexpr std::array all_roles = { Role::Admin, Role::Editor, Role::Author, Role::Contributor, Role::Member };

// The unique *_key columns: ASCII lower case. Usernames are ASCII by rule; e-mail
// addresses are compared whole, local part included, which is what members expect.
// content::AuthorStore makes the same key; both must agree.
std::string lookup_key(std::string_view text)
{
    std::string key(text);
    std::ranges::transform(key, key.begin(), [](unsigned char c) { return static_cast<char>(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c); });
    return key;
}

Account account_from(storage::Row const& row)
{
    auto const role = parse_role(row.text(5));
    if (!role)
        throw storage::DatabaseError("users.role holds an unknown role: " + row.text(5));
    return Account {
        .id = row.integer(0),
        .username = row.text(1),
        .display_name = row.text(2),
        .email = row.text(3),
        .password_hash = row.text(4),
        .role = *role,
        .bio = row.text(6),
        .created_at = row.integer(7),
    };
}

core::Result<std::int64_t> username_conflict()
{
    return core::fail(core::ErrorKind::Conflict, "That username is taken; please choose another.", "username");
}

core::Result<std::int64_t> email_conflict()
{
    return core::fail(core::ErrorKind::Conflict, "An account with that e-mail address already exists.", "email");
}

}

std::string_view role_name(Role role)
{
    // The names are what users.role holds (see its CHECK in 0001_initial.sql).
    switch (role) {
    case Role::Admin:
        return "admin";
    case Role::Editor:
        return "editor";
    case Role::Author:
        return "author";
    case Role::Contributor:
        return "contributor";
    case Role::Member:
        return "member";
    }
    return "member"; // unreachable for valid enum values; -Wswitch flags a missing case
}

std::optional<Role> parse_role(std::string_view name)
{
    for (auto const role : all_roles) {
        if (role_name(role) == name)
            return role;
    }
    return std::nullopt;
}

std::optional<Account> AccountStore::find_by_username(std::string_view username) const
{
    auto const row = m_database.query_one(select_by_username_key, { lookup_key(username) });
    if (!row)
        return std::nullopt;
    return account_from(*row);
}

std::optional<Account> AccountStore::find_by_id(std::int64_t id) const
{
    auto const row = m_database.query_one(select_by_id, { id });
    if (!row)
        return std::nullopt;
    return account_from(*row);
}

std::int64_t AccountStore::count() const
{
    return m_database.query_one(count_users)->integer(0);
}

core::Result<std::int64_t> AccountStore::insert(storage::Transaction& transaction, NewAccount const& account) const
{
    auto const username_key = lookup_key(account.username);
    auto const email_key = lookup_key(account.email);
    // Checked inside the write transaction, so nobody can take the name in between; the
    // unique indexes below are the backstop (and what holds on PostgreSQL under races).
    if (transaction.query_one(username_taken, { username_key }))
        return username_conflict();
    if (transaction.query_one(email_taken, { email_key }))
        return email_conflict();
    try {
        auto const row = transaction.query_one(insert_user,
            { account.username, username_key, account.display_name, account.email, email_key, account.password_hash,
                role_name(account.role), account.bio, account.created_at });
        return row->integer(0);
    } catch (storage::ConstraintError const& error) {
        if (error.constraint() != storage::Constraint::Unique)
            throw;
        return error.detail().find("email_key") != std::string::npos ? email_conflict() : username_conflict();
    }
}

}
