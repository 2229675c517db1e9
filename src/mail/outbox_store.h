// The SQL of the mail outbox (table mail_outbox, migration 0004). A mail is enqueued inside
// the caller's transaction, so it exists exactly when the change that caused it commits.
// Senders on any node claim due rows with a lease: a claimed row is not handed to another
// sender until the lease runs out, which is what makes each mail go out once (at least
// once if a sender dies mid-send). Failed sends are retried with exponential backoff and
// given up after max_attempts, the row kept with its last error for an admin.
// Thread-safe as the Database is; database failures throw storage::DatabaseError.
#pragma once

#include "core/clock.h"
#include "core/error.h"
#include "mail/mail_message.h"
#include "storage/database.h"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mail {

// How many sends are tried before a mail is given up.
constexpr int default_max_attempts = 10;
// The longest wait between two tries.
constexpr std::chrono::seconds max_retry_delay = std::chrono::hours(6);

// The wait after the n-th failed try: 1 min, 2, 4, 8 ... capped at 6 h.
std::chrono::seconds retry_delay(int failed_attempts);

// One row of the outbox.
struct OutboxEntry {
    std::int64_t id = 0;
    MailMessage message;
    core::UnixTime created_at = 0;
    int attempts = 0; // failed tries so far
    core::UnixTime next_attempt_at = 0;
    core::UnixTime claimed_until = 0;
    std::optional<core::UnixTime> sent_at;
    std::string last_error;
};

// What mark_failed decided.
enum class AfterFailure {
    RetryLater, // due again at next_attempt_at
    GaveUp, // max_attempts reached: kept unsent with last_error, never claimed again
    AlreadySent // another sender delivered it meanwhile (its lease had run out); nothing changed
};

struct FailureOutcome {
    AfterFailure decision;
    int attempts = 0;
    core::UnixTime next_attempt_at = 0;
};

class OutboxStore {
public:
    explicit OutboxStore(storage::Database& database, int max_attempts = default_max_attempts)
        : m_database(database)
        , m_max_attempts(max_attempts)
    {
    }

    // Adds a mail due at `now`, inside the caller's transaction. Invalid (field "email")
    // when the recipient address is refused; nothing is written then.
    core::Result<std::int64_t> enqueue(storage::Transaction& transaction, MailMessage const& message, core::UnixTime now) const;

    // Claims up to `limit` due rows (unsent, next_attempt_at <= now, no live lease, not
    // given up) for `lease`, oldest first, in one transaction. Another claim_due before
    // now + lease does not return them.
    std::vector<OutboxEntry> claim_due(core::UnixTime now, int limit, std::chrono::seconds lease) const;

    // Records delivery; the row stays as a record and is never claimed again.
    void mark_sent(std::int64_t id, core::UnixTime now) const;

    // Records a failed try: one more attempt, the error (control characters encoded, cut
    // to a few hundred octets), and when to try again, or that it is given up.
    FailureOutcome mark_failed(std::int64_t id, std::string_view error, core::UnixTime now) const;

    // Ends the lease on an unsent row so that any sender may claim it at once (a sender
    // stopping with claimed rows left over).
    void release(std::int64_t id) const;

    // The row, or nullopt; for admins and tests.
    std::optional<OutboxEntry> find(std::int64_t id) const;

private:
    storage::Database& m_database;
    int m_max_attempts;
};

}
