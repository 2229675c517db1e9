#include "auth/session_store.h"

namespace auth {

namespace {

constexpr auto insert_session = R"sql(
INSERT INTO sessions (user_id, token_hash, csrf_secret, created_at, last_seen_at, expires_at,
                      remember, two_factor_done, user_agent, address)
VALUES ($1, $2, $3, $4, $4, $5, $6, $7, $8, $9)
RETURNING id)sql";

constexpr auto select_by_token_hash = R"sql(
SELECT id, user_id, csrf_secret, created_at, last_seen_at, expires_at, remember, two_factor_done,
       user_agent, address, revoked_at
FROM sessions
WHERE token_hash = $1)sql";

constexpr auto select_unrevoked_by_user = R"sql(
SELECT id, user_id, csrf_secret, created_at, last_seen_at, expires_at, remember, two_factor_done,
       user_agent, address, revoked_at
FROM sessions
WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > $2
ORDER BY last_seen_at DESC, id DESC)sql";

constexpr auto touch_session = R"sql(
UPDATE sessions SET last_seen_at = $3
WHERE id = $1 AND token_hash = $2 AND revoked_at IS NULL)sql";

constexpr auto replace_token_hash = R"sql(
UPDATE sessions SET token_hash = $2, csrf_secret = $3, last_seen_at = $4
WHERE token_hash = $1 AND revoked_at IS NULL)sql";

constexpr auto set_two_factor_done = R"sql(
UPDATE sessions SET two_factor_done = 1
WHERE id = $1 AND revoked_at IS NULL)sql";

constexpr auto revoke_session = R"sql(
UPDATE sessions SET revoked_at = $3
WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL)sql";

constexpr auto revoke_user_sessions = R"sql(
UPDATE sessions SET revoked_at = $2
WHERE user_id = $1 AND revoked_at IS NULL)sql";

constexpr auto revoke_user_sessions_except = R"sql(
UPDATE sessions SET revoked_at = $3
WHERE user_id = $1 AND id <> $2 AND revoked_at IS NULL)sql";

constexpr auto delete_finished_sessions = R"sql(
DELETE FROM sessions
WHERE expires_at <= $1 OR revoked_at <= $2)sql";

// Column order of the SELECTs above.
SessionRecord session_from(storage::Row const& row)
{
    return SessionRecord {
        .id = row.integer(0),
        .user_id = row.integer(1),
        .csrf_secret = row.text(2),
        .created_at = row.integer(3),
        .last_seen_at = row.integer(4),
        .expires_at = row.integer(5),
        .remember = row.integer(6) != 0,
        .two_factor_done = row.integer(7) != 0,
        .user_agent = row.text(8),
        .address = row.text(9),
        .revoked_at = row.optional_integer(10),
    };
}

std::int64_t flag(bool value)
{
    return value ? 1 : 0;
}

}

std::int64_t SessionStore::insert(storage::Transaction& transaction, NewSessionRecord const& session) const
{
    auto const row = transaction.query_one(insert_session,
        { session.user_id, session.token_hash, session.csrf_secret, session.created_at, session.expires_at,
            flag(session.remember), flag(session.two_factor_done), session.user_agent, session.address });
    if (!row)
        throw storage::DatabaseError("INSERT INTO sessions returned no id");
    return row->integer(0);
}

std::optional<SessionRecord> SessionStore::find_by_token_hash(std::string_view token_hash) const
{
    auto const row = m_database.query_one(select_by_token_hash, { token_hash });
    if (!row)
        return std::nullopt;
    return session_from(*row);
}

std::vector<SessionRecord> SessionStore::list_unrevoked(std::int64_t user_id, core::UnixTime now) const
{
    std::vector<SessionRecord> sessions;
    for (auto const& row : m_database.query(select_unrevoked_by_user, { user_id, now }))
        sessions.push_back(session_from(row));
    return sessions;
}

bool SessionStore::touch(storage::Transaction& transaction, std::int64_t id, std::string_view token_hash, core::UnixTime now) const
{
    return transaction.execute(touch_session, { id, token_hash, now }) > 0;
}

bool SessionStore::replace_token(storage::Transaction& transaction, std::string_view old_hash, std::string_view new_hash, std::string_view csrf_secret, core::UnixTime now) const
{
    return transaction.execute(replace_token_hash, { old_hash, new_hash, csrf_secret, now }) > 0;
}

bool SessionStore::mark_two_factor_done(storage::Transaction& transaction, std::int64_t id) const
{
    return transaction.execute(set_two_factor_done, { id }) > 0;
}

bool SessionStore::revoke(storage::Transaction& transaction, std::int64_t id, std::int64_t user_id, core::UnixTime now) const
{
    return transaction.execute(revoke_session, { id, user_id, now }) > 0;
}

std::int64_t SessionStore::revoke_all(storage::Transaction& transaction, std::int64_t user_id, core::UnixTime now) const
{
    return transaction.execute(revoke_user_sessions, { user_id, now });
}

std::int64_t SessionStore::revoke_all_except(storage::Transaction& transaction, std::int64_t user_id, std::int64_t kept_id, core::UnixTime now) const
{
    return transaction.execute(revoke_user_sessions_except, { user_id, kept_id, now });
}

std::int64_t SessionStore::purge(storage::Transaction& transaction, core::UnixTime now, core::UnixTime revoked_before) const
{
    return transaction.execute(delete_finished_sessions, { now, revoked_before });
}

}
