// Public author profiles: the columns of a member that may be shown to anyone (never the
// e-mail address or the password hash).
#pragma once

#include "storage/database.h"

#include <cstdint>
#include <optional>
#include <string>

namespace content {

struct AuthorProfile {
    std::int64_t id = 0;
    std::string username;
    std::string display_name;
    std::string bio; // plain text
};

class AuthorStore {
public:
    explicit AuthorStore(storage::Database& database)
        : m_database(database)
    {
    }

    // Case-insensitive on the username.
    std::optional<AuthorProfile> find_by_username(std::string_view username) const;
    std::optional<AuthorProfile> find_by_id(std::int64_t id) const;

private:
    storage::Database& m_database;
};

}
