// The SQL for member accounts. Usernames are unique case-insensitively, e-mails too.
#pragma once

#include "core/clock.h"
#include "core/error.h"
#include "storage/database.h"

#include <cstdint>
#include <optional>
#include <string>

namespace auth {

enum class Role { Admin,
    Editor,
    Author,
    Contributor,
    Member };

std::string_view role_name(Role role); // "admin", "editor", ...
std::optional<Role> parse_role(std::string_view name);

struct Account {
    std::int64_t id = 0;
    std::string username;
    std::string display_name;
    std::string email;
    std::string password_hash;
    Role role = Role::Member;
    std::string bio;
    core::UnixTime created_at = 0;
};

struct NewAccount {
    std::string username;
    std::string display_name;
    std::string email;
    std::string password_hash;
    Role role = Role::Member;
    std::string bio;
    core::UnixTime created_at = 0;
};

class AccountStore {
public:
    explicit AccountStore(storage::Database& database)
        : m_database(database)
    {
    }

    std::optional<Account> find_by_username(std::string_view username) const;
    std::optional<Account> find_by_id(std::int64_t id) const;
    std::int64_t count() const;
    // Conflict (field "username" or "email") when either is taken.
    core::Result<std::int64_t> insert(storage::Transaction& transaction, NewAccount const& account) const;

private:
    storage::Database& m_database;
};

}
