#include "content/author_store.h"

#include <algorithm>

namespace content {

namespace {

// Public columns only: never email, email_key or password_hash.
constexpr auto select_by_username_key = R"sql(
SELECT id, username, display_name, bio FROM users WHERE username_key = $1)sql";

constexpr auto select_by_id = R"sql(
SELECT id, username, display_name, bio FROM users WHERE id = $1)sql";

// users.username_key: the username in ASCII lower case, as auth::AccountStore writes it.
std::string username_key(std::string_view username)
{
    std::string key(username);
    std::ranges::transform(key, key.begin(), [](unsigned char c) { return static_cast<char>(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c); });
    return key;
}

std::optional<AuthorProfile> profile_from(std::optional<storage::Row> const& row)
{
    if (!row)
        return std::nullopt;
    return AuthorProfile {
        .id = row->integer(0),
        .username = row->text(1),
        .display_name = row->text(2),
        .bio = row->text(3),
    };
}

}

std::optional<AuthorProfile> AuthorStore::find_by_username(std::string_view username) const
{
    return profile_from(m_database.query_one(select_by_username_key, { username_key(username) }));
}

std::optional<AuthorProfile> AuthorStore::find_by_id(std::int64_t id) const
{
    return profile_from(m_database.query_one(select_by_id, { id }));
}

}
