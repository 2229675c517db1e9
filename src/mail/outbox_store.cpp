#include "mail/outbox_store.h"

#include <algorithm>
#include <tuple>

namespace mail {

namespace {

constexpr auto insert_mail = R"sql(
INSERT INTO mail_outbox (to_address, to_name, subject, text_body, created_at, next_attempt_at)
VALUES ($1, $2, $3, $4, $5, $5)
RETURNING id)sql";

// The conditions are repeated outside the subquery on purpose: on PostgreSQL a second
// claimer blocked on the same row re-checks the outer WHERE against the row the first one
// committed, and skips it. SQLite has one writer, so claims there are serial anyway.
constexpr auto claim_due_mail = R"sql(
UPDATE mail_outbox SET claimed_until = $2
WHERE id IN (
        SELECT id FROM mail_outbox
        WHERE sent_at IS NULL AND next_attempt_at <= $1 AND claimed_until <= $1 AND attempts < $3
        ORDER BY next_attempt_at, id
        LIMIT $4)
    AND sent_at IS NULL AND claimed_until <= $1 AND attempts < $3
RETURNING id, to_address, to_name, subject, text_body, created_at, attempts, next_attempt_at, claimed_until, sent_at, last_error)sql";

constexpr auto mark_mail_sent = R"sql(
UPDATE mail_outbox SET sent_at = $2, claimed_until = 0 WHERE id = $1 AND sent_at IS NULL)sql";

constexpr auto count_failed_attempt = R"sql(
UPDATE mail_outbox SET attempts = attempts + 1, claimed_until = 0, last_error = $2
WHERE id = $1 AND sent_at IS NULL
RETURNING attempts)sql";

constexpr auto schedule_next_attempt = R"sql(
UPDATE mail_outbox SET next_attempt_at = $2 WHERE id = $1)sql";

constexpr auto release_mail = R"sql(
UPDATE mail_outbox SET claimed_until = 0 WHERE id = $1 AND sent_at IS NULL)sql";

constexpr auto select_mail = R"sql(
SELECT id, to_address, to_name, subject, text_body, created_at, attempts, next_attempt_at, claimed_until, sent_at, last_error
FROM mail_outbox WHERE id = $1)sql";

// Enough of an SMTP reply or curl message to tell what went wrong.
constexpr std::size_t max_error_length = 500;

OutboxEntry to_entry(storage::Row const& row)
{
    return OutboxEntry {
        .id = row.integer(0),
        .message = MailMessage { row.text(1), row.text(2), row.text(3), row.text(4) },
        .created_at = row.integer(5),
        .attempts = static_cast<int>(row.integer(6)),
        .next_attempt_at = row.integer(7),
        .claimed_until = row.integer(8),
        .sent_at = row.optional_integer(9),
        .last_error = row.text(10),
    };
}

std::string stored_error(std::string_view error)
{
    auto text = printable_for_log(error);
    if (text.size() <= max_error_length)
        return text;
    // Cut at a UTF-8 character boundary: PostgreSQL refuses a broken sequence.
    std::size_t length = max_error_length;
    while (length > 0 && (static_cast<unsigned char>(text[length]) & 0xC0) == 0x80)
        --length;
    return text.substr(0, length);
}

}

std::chrono::seconds retry_delay(int failed_attempts)
{
    // 60 s * 2^(n-1); past 2^9 the cap has long been reached, so the shift stays small.
    int const doublings = std::clamp(failed_attempts - 1, 0, 10);
    return std::min(std::chrono::seconds(60) * (std::int64_t { 1 } << doublings), max_retry_delay);
}

core::Result<std::int64_t> OutboxStore::enqueue(storage::Transaction& transaction, MailMessage const& message, core::UnixTime now) const
{
    if (auto checked = check_message(message); !checked)
        return std::unexpected(checked.error());
    auto const row = transaction.query_one(insert_mail,
        { message.to_address, message.to_name, message.subject, message.text_body, static_cast<std::int64_t>(now) });
    return row->integer(0);
}

std::vector<OutboxEntry> OutboxStore::claim_due(core::UnixTime now, int limit, std::chrono::seconds lease) const
{
    auto transaction = m_database.begin();
    auto const rows = transaction.query(claim_due_mail,
        { static_cast<std::int64_t>(now), static_cast<std::int64_t>(now + lease.count()), m_max_attempts, limit });
    transaction.commit();
    std::vector<OutboxEntry> entries;
    for (auto const& row : rows)
        entries.push_back(to_entry(row));
    // RETURNING gives no order; send the oldest first.
    std::ranges::sort(entries, [](auto const& a, auto const& b) {
        return std::tie(a.next_attempt_at, a.id) < std::tie(b.next_attempt_at, b.id);
    });
    return entries;
}

void OutboxStore::mark_sent(std::int64_t id, core::UnixTime now) const
{
    auto transaction = m_database.begin();
    transaction.execute(mark_mail_sent, { id, static_cast<std::int64_t>(now) });
    transaction.commit();
}

FailureOutcome OutboxStore::mark_failed(std::int64_t id, std::string_view error, core::UnixTime now) const
{
    auto transaction = m_database.begin();
    auto const row = transaction.query_one(count_failed_attempt, { id, stored_error(error) });
    if (!row)
        return FailureOutcome { AfterFailure::AlreadySent };
    int const attempts = static_cast<int>(row->integer(0));
    if (attempts >= m_max_attempts) {
        transaction.commit();
        return FailureOutcome { AfterFailure::GaveUp, attempts, 0 };
    }
    auto const next = now + retry_delay(attempts).count();
    transaction.execute(schedule_next_attempt, { id, static_cast<std::int64_t>(next) });
    transaction.commit();
    return FailureOutcome { AfterFailure::RetryLater, attempts, next };
}

void OutboxStore::release(std::int64_t id) const
{
    auto transaction = m_database.begin();
    transaction.execute(release_mail, { id });
    transaction.commit();
}

std::optional<OutboxEntry> OutboxStore::find(std::int64_t id) const
{
    auto const row = m_database.query_one(select_mail, { id });
    if (!row)
        return std::nullopt;
    return to_entry(*row);
}

}
