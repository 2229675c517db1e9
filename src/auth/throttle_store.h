// The SQL for failed-attempt counters (table `throttles`, migration 0003): one row per
// (scope, key) holding how many failures its current window has seen and until when the key
// is blocked. The rules (free attempts, delays, windows) live in ThrottleService; this file
// only counts and stores. Reads run on any thread; writes take a Transaction.
#pragma once

#include "core/clock.h"
#include "storage/database.h"

#include <cstdint>
#include <optional>
#include <string_view>

namespace auth {

struct ThrottleCounter {
    std::int64_t failures = 0;
    core::UnixTime window_started_at = 0;
    core::UnixTime blocked_until = 0; // 0 or a past time when not blocked
};

class ThrottleStore {
public:
    explicit ThrottleStore(storage::Database& database)
        : m_database(database)
    {
    }

    // Counts one failure and returns the counter after it, in one atomic upsert. A counter
    // that has been quiet since `quiet_since` (its window started and its block ended no
    // later than that) starts again from 1 with a new window.
    ThrottleCounter record_failure(storage::Transaction& transaction, std::string_view scope, std::string_view key,
        core::UnixTime now, core::UnixTime quiet_since) const;
    // As record_failure, but counts nothing and returns nullopt while the key is blocked at
    // `now`: the check and the count in one statement, so parallel requests cannot all pass
    // one check before any of them is counted.
    std::optional<ThrottleCounter> record_attempt(storage::Transaction& transaction, std::string_view scope, std::string_view key,
        core::UnixTime now, core::UnixTime quiet_since) const;
    // Blocks the key until `until`; never shortens a longer block set by a concurrent failure.
    void block(storage::Transaction& transaction, std::string_view scope, std::string_view key, core::UnixTime until) const;
    // Takes one counted attempt back (never below zero); keeps any block.
    void uncount(storage::Transaction& transaction, std::string_view scope, std::string_view key) const;
    // Forgets the key's failures (after a success).
    void clear(storage::Transaction& transaction, std::string_view scope, std::string_view key) const;
    // nullopt when the key has no counter (no failures, or cleared or pruned).
    std::optional<ThrottleCounter> find(std::string_view scope, std::string_view key) const;
    // Deletes counters whose window started and block ended before `older_than`; returns how many.
    std::int64_t prune(storage::Transaction& transaction, core::UnixTime older_than) const;

private:
    storage::Database& m_database;
};

}
