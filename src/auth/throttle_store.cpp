#include "auth/throttle_store.h"

namespace auth {

namespace {

// $3 is now, $4 the quiet_since cut-off. The conflict branch decides from the row as it was,
// under the row lock (PostgreSQL) or the writer lock (SQLite), so concurrent failures on
// several nodes each count exactly once.
constexpr auto upsert_failure = R"sql(
INSERT INTO throttles (scope, key, failures, window_started_at, blocked_until)
VALUES ($1, $2, 1, $3, 0)
ON CONFLICT (scope, key) DO UPDATE SET
    failures = CASE WHEN throttles.window_started_at <= $4 AND throttles.blocked_until <= $4
        THEN 1 ELSE throttles.failures + 1 END,
    window_started_at = CASE WHEN throttles.window_started_at <= $4 AND throttles.blocked_until <= $4
        THEN $3 ELSE throttles.window_started_at END,
    blocked_until = CASE WHEN throttles.window_started_at <= $4 AND throttles.blocked_until <= $4
        THEN 0 ELSE throttles.blocked_until END
RETURNING failures, window_started_at, blocked_until)sql";

// upsert_failure, refusing to touch a row blocked at $3: no row comes back then.
constexpr auto upsert_attempt = R"sql(
INSERT INTO throttles (scope, key, failures, window_started_at, blocked_until)
VALUES ($1, $2, 1, $3, 0)
ON CONFLICT (scope, key) DO UPDATE SET
    failures = CASE WHEN throttles.window_started_at <= $4 AND throttles.blocked_until <= $4
        THEN 1 ELSE throttles.failures + 1 END,
    window_started_at = CASE WHEN throttles.window_started_at <= $4 AND throttles.blocked_until <= $4
        THEN $3 ELSE throttles.window_started_at END,
    blocked_until = CASE WHEN throttles.window_started_at <= $4 AND throttles.blocked_until <= $4
        THEN 0 ELSE throttles.blocked_until END
WHERE throttles.blocked_until <= $3
RETURNING failures, window_started_at, blocked_until)sql";

constexpr auto decrement_failures = R"sql(
UPDATE throttles SET failures = failures - 1
WHERE scope = $1 AND key = $2 AND failures > 0)sql";

constexpr auto extend_block = R"sql(
UPDATE throttles SET blocked_until = $3
WHERE scope = $1 AND key = $2 AND blocked_until < $3)sql";

constexpr auto delete_counter = R"sql(
DELETE FROM throttles WHERE scope = $1 AND key = $2)sql";

constexpr auto select_counter = R"sql(
SELECT failures, window_started_at, blocked_until FROM throttles WHERE scope = $1 AND key = $2)sql";

constexpr auto delete_quiet = R"sql(
DELETE FROM throttles WHERE window_started_at < $1 AND blocked_until < $1)sql";

ThrottleCounter counter_from(storage::Row const& row)
{
    return ThrottleCounter { .failures = row.integer(0), .window_started_at = row.integer(1), .blocked_until = row.integer(2) };
}

}

ThrottleCounter ThrottleStore::record_failure(storage::Transaction& transaction, std::string_view scope, std::string_view key,
    core::UnixTime now, core::UnixTime quiet_since) const
{
    auto const row = transaction.query_one(upsert_failure, { scope, key, now, quiet_since });
    if (!row)
        throw storage::DatabaseError("throttles upsert returned no row");
    return counter_from(*row);
}

std::optional<ThrottleCounter> ThrottleStore::record_attempt(storage::Transaction& transaction, std::string_view scope, std::string_view key,
    core::UnixTime now, core::UnixTime quiet_since) const
{
    auto const row = transaction.query_one(upsert_attempt, { scope, key, now, quiet_since });
    if (!row)
        return std::nullopt;
    return counter_from(*row);
}

void ThrottleStore::uncount(storage::Transaction& transaction, std::string_view scope, std::string_view key) const
{
    transaction.execute(decrement_failures, { scope, key });
}

void ThrottleStore::block(storage::Transaction& transaction, std::string_view scope, std::string_view key, core::UnixTime until) const
{
    transaction.execute(extend_block, { scope, key, until });
}

void ThrottleStore::clear(storage::Transaction& transaction, std::string_view scope, std::string_view key) const
{
    transaction.execute(delete_counter, { scope, key });
}

std::optional<ThrottleCounter> ThrottleStore::find(std::string_view scope, std::string_view key) const
{
    auto const row = m_database.query_one(select_counter, { scope, key });
    if (!row)
        return std::nullopt;
    return counter_from(*row);
}

std::int64_t ThrottleStore::prune(storage::Transaction& transaction, core::UnixTime older_than) const
{
    return transaction.execute(delete_quiet, { older_than });
}

}
