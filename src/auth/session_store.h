// The SQL for signed-in sessions (table `sessions`, migration 0002). Rows are found by the
// hash of their token, never by the token itself, which this store never sees. Rules
// (timeouts, rotation, who may revoke what) live in SessionService; writes take the caller's
// Transaction, reads go straight to the database. A failing database throws.
#pragma once

#include "core/clock.h"
#include "storage/database.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace auth {

struct SessionRecord {
    std::int64_t id = 0;
    std::int64_t user_id = 0;
    std::string csrf_secret;
    core::UnixTime created_at = 0;
    core::UnixTime last_seen_at = 0;
    core::UnixTime expires_at = 0; // the absolute limit, fixed at creation
    bool remember = false;
    bool two_factor_done = false;
    std::string user_agent;
    std::string address;
    std::optional<core::UnixTime> revoked_at;
};

struct NewSessionRecord {
    std::int64_t user_id = 0;
    std::string token_hash;
    std::string csrf_secret;
    core::UnixTime created_at = 0;
    core::UnixTime expires_at = 0;
    bool remember = false;
    bool two_factor_done = false;
    std::string user_agent;
    std::string address;
};

class SessionStore {
public:
    explicit SessionStore(storage::Database& database)
        : m_database(database)
    {
    }

    // The new row's id (last_seen_at starts at created_at).
    std::int64_t insert(storage::Transaction& transaction, NewSessionRecord const& session) const;
    // Revoked and expired rows too: deciding is the service's job.
    std::optional<SessionRecord> find_by_token_hash(std::string_view token_hash) const;
    // The user's sessions not revoked and not past expires_at, most recently seen first.
    std::vector<SessionRecord> list_unrevoked(std::int64_t user_id, core::UnixTime now) const;

    // Each write below leaves revoked rows alone and returns whether a row changed.
    // touch() also matches the token hash, so it fails once the token has been rotated.
    bool touch(storage::Transaction& transaction, std::int64_t id, std::string_view token_hash, core::UnixTime now) const;
    // Swaps in a new token hash and CSRF secret, but only while the old hash is current.
    bool replace_token(storage::Transaction& transaction, std::string_view old_hash, std::string_view new_hash, std::string_view csrf_secret, core::UnixTime now) const;
    bool mark_two_factor_done(storage::Transaction& transaction, std::int64_t id) const;
    bool revoke(storage::Transaction& transaction, std::int64_t id, std::int64_t user_id, core::UnixTime now) const;
    // These return how many sessions they revoked.
    std::int64_t revoke_all(storage::Transaction& transaction, std::int64_t user_id, core::UnixTime now) const;
    std::int64_t revoke_all_except(storage::Transaction& transaction, std::int64_t user_id, std::int64_t kept_id, core::UnixTime now) const;
    // Deletes rows past expires_at and rows revoked at or before `revoked_before`; returns how many.
    std::int64_t purge(storage::Transaction& transaction, core::UnixTime now, core::UnixTime revoked_before) const;

private:
    storage::Database& m_database;
};

}
