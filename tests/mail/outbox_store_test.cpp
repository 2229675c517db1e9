#include "mail/outbox_store.h"

#include "../storage/temporary_database.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <thread>

namespace {

using namespace std::chrono_literals;
using mail::AfterFailure;
using mail::MailMessage;
using mail::OutboxStore;

constexpr core::UnixTime start = 1795941000;
constexpr auto lease = 300s;

MailMessage a_message(std::string to = "ada@example.org")
{
    return { std::move(to), "Ada", "Confirm your address", "Open https://tribune.example/verify?token=abc\n" };
}

class OutboxStoreTest : public ::testing::Test {
protected:
    std::int64_t enqueue(MailMessage const& message, core::UnixTime now = start)
    {
        auto transaction = m_database->begin();
        auto id = m_outbox.enqueue(transaction, message, now);
        EXPECT_TRUE(id.has_value());
        transaction.commit();
        return *id;
    }

    std::int64_t count_rows() { return m_database->query_one("SELECT count(*) FROM mail_outbox")->integer(0); }

    testing_support::TemporaryDatabase m_database;
    OutboxStore m_outbox { *m_database };
};

TEST_F(OutboxStoreTest, EnqueuedMailExistsOnlyWhenTheTransactionCommits)
{
    {
        auto transaction = m_database->begin();
        ASSERT_TRUE(m_outbox.enqueue(transaction, a_message(), start).has_value());
        // No commit: the change that caused the mail did not happen, so neither does the mail.
    }
    EXPECT_EQ(count_rows(), 0);
    auto const id = enqueue(a_message());
    auto const entry = m_outbox.find(id);
    ASSERT_TRUE(entry);
    EXPECT_EQ(entry->message.to_address, "ada@example.org");
    EXPECT_EQ(entry->message.to_name, "Ada");
    EXPECT_EQ(entry->message.subject, "Confirm your address");
    EXPECT_EQ(entry->created_at, start);
    EXPECT_EQ(entry->next_attempt_at, start);
    EXPECT_EQ(entry->attempts, 0);
    EXPECT_FALSE(entry->sent_at);
}

TEST_F(OutboxStoreTest, RefusesAnInvalidAddressBeforeItReachesTheOutbox)
{
    for (auto const* address : { "ada@example.org\r\nBcc: victim@example.net", "no-at-sign", "a@b@example.org" }) {
        auto transaction = m_database->begin();
        auto const id = m_outbox.enqueue(transaction, a_message(address), start);
        ASSERT_FALSE(id.has_value()) << address;
        EXPECT_EQ(id.error().kind, core::ErrorKind::Invalid);
        EXPECT_EQ(id.error().field, "email");
        transaction.commit();
    }
    EXPECT_EQ(count_rows(), 0);
}

TEST_F(OutboxStoreTest, ClaimsOnlyDueMailOldestFirstUpToTheLimit)
{
    auto const later = enqueue(a_message("later@example.org"), start + 10);
    auto const first = enqueue(a_message("first@example.org"), start);
    auto const second = enqueue(a_message("second@example.org"), start + 1);
    EXPECT_TRUE(m_outbox.claim_due(start - 1, 10, lease).empty());
    auto const batch = m_outbox.claim_due(start + 5, 1, lease);
    ASSERT_EQ(batch.size(), 1u);
    EXPECT_EQ(batch[0].id, first);
    EXPECT_EQ(batch[0].claimed_until, start + 5 + 300);
    EXPECT_EQ(batch[0].message.to_address, "first@example.org");
    auto const rest = m_outbox.claim_due(start + 5, 10, lease);
    ASSERT_EQ(rest.size(), 1u);
    EXPECT_EQ(rest[0].id, second);
    EXPECT_EQ(m_outbox.claim_due(start + 10, 10, lease).at(0).id, later);
}

TEST_F(OutboxStoreTest, TwoSendersNeverClaimTheSameMail)
{
    // A second Database on the same file stands for a second node.
    auto other_node = storage::open_database(m_database.path().string());
    OutboxStore other_outbox { *other_node };
    constexpr int mail_count = 60;
    for (int i = 0; i < mail_count; ++i)
        enqueue(a_message("reader" + std::to_string(i) + "@example.org"));

    std::vector<std::int64_t> claimed_by[2];
    auto const claim_all = [&](OutboxStore const& outbox, std::vector<std::int64_t>& claimed) {
        for (;;) {
            auto const batch = outbox.claim_due(start, 7, lease);
            if (batch.empty())
                return;
            for (auto const& entry : batch)
                claimed.push_back(entry.id);
        }
    };
    std::thread node_a([&] { claim_all(m_outbox, claimed_by[0]); });
    std::thread node_b([&] { claim_all(other_outbox, claimed_by[1]); });
    node_a.join();
    node_b.join();
    other_node->close();

    std::set<std::int64_t> all(claimed_by[0].begin(), claimed_by[0].end());
    for (auto const id : claimed_by[1])
        EXPECT_TRUE(all.insert(id).second) << "mail " << id << " claimed twice";
    EXPECT_EQ(all.size(), static_cast<std::size_t>(mail_count));
}

TEST_F(OutboxStoreTest, AnExpiredLeaseMakesTheMailClaimableAgain)
{
    auto const id = enqueue(a_message());
    ASSERT_EQ(m_outbox.claim_due(start, 10, lease).size(), 1u);
    EXPECT_TRUE(m_outbox.claim_due(start + 299, 10, lease).empty()) << "the first sender still holds it";
    auto const again = m_outbox.claim_due(start + 300, 10, lease);
    ASSERT_EQ(again.size(), 1u) << "the first sender died: another one takes over";
    EXPECT_EQ(again[0].id, id);
}

TEST_F(OutboxStoreTest, ReleasedMailIsClaimableAtOnce)
{
    auto const id = enqueue(a_message());
    ASSERT_EQ(m_outbox.claim_due(start, 10, lease).size(), 1u);
    m_outbox.release(id);
    EXPECT_EQ(m_outbox.claim_due(start, 10, lease).size(), 1u);
}

TEST_F(OutboxStoreTest, SentMailIsNeverClaimedAgain)
{
    auto const id = enqueue(a_message());
    ASSERT_EQ(m_outbox.claim_due(start, 10, lease).size(), 1u);
    m_outbox.mark_sent(id, start + 2);
    EXPECT_TRUE(m_outbox.claim_due(start + 100000, 10, lease).empty());
    EXPECT_EQ(m_outbox.find(id)->sent_at, start + 2);
    // A sender whose lease ran out and failed afterwards changes nothing.
    EXPECT_EQ(m_outbox.mark_failed(id, "timeout", start + 3).decision, AfterFailure::AlreadySent);
    EXPECT_EQ(m_outbox.find(id)->attempts, 0);
}

TEST(RetryDelay, DoublesFromOneMinuteUpToSixHours)
{
    struct Case {
        int failed_attempts;
        std::chrono::seconds delay;
    };
    Case const cases[] = {
        { 1, 1min },
        { 2, 2min },
        { 3, 4min },
        { 4, 8min },
        { 5, 16min },
        { 6, 32min },
        { 7, 64min },
        { 8, 128min },
        { 9, 256min },
        { 10, 6h },
        { 11, 6h },
        { 100, 6h },
        { 0, 1min },
    };
    for (auto const& c : cases)
        EXPECT_EQ(mail::retry_delay(c.failed_attempts), c.delay) << c.failed_attempts;
}

TEST_F(OutboxStoreTest, FailedMailIsRetriedAfterTheBackoff)
{
    auto const id = enqueue(a_message());
    ASSERT_EQ(m_outbox.claim_due(start, 10, lease).size(), 1u);
    auto const outcome = m_outbox.mark_failed(id, "SMTP delivery failed: connection refused", start + 5);
    EXPECT_EQ(outcome.decision, AfterFailure::RetryLater);
    EXPECT_EQ(outcome.attempts, 1);
    EXPECT_EQ(outcome.next_attempt_at, start + 5 + 60);
    auto const entry = m_outbox.find(id);
    EXPECT_EQ(entry->attempts, 1);
    EXPECT_EQ(entry->next_attempt_at, start + 65);
    EXPECT_EQ(entry->claimed_until, 0);
    EXPECT_EQ(entry->last_error, "SMTP delivery failed: connection refused");
    EXPECT_TRUE(m_outbox.claim_due(start + 64, 10, lease).empty());
    ASSERT_EQ(m_outbox.claim_due(start + 65, 10, lease).size(), 1u);
    EXPECT_EQ(m_outbox.mark_failed(id, "again", start + 65).next_attempt_at, start + 65 + 120);
}

TEST_F(OutboxStoreTest, GivesUpAfterMaxAttemptsAndKeepsTheRowForAnAdmin)
{
    auto const id = enqueue(a_message());
    core::UnixTime now = start;
    for (int attempt = 1; attempt <= mail::default_max_attempts; ++attempt) {
        auto const batch = m_outbox.claim_due(now, 10, lease);
        ASSERT_EQ(batch.size(), 1u) << "attempt " << attempt;
        auto const outcome = m_outbox.mark_failed(id, "550 mailbox unavailable (" + std::to_string(attempt) + ")", now);
        EXPECT_EQ(outcome.attempts, attempt);
        if (attempt < mail::default_max_attempts) {
            EXPECT_EQ(outcome.decision, AfterFailure::RetryLater);
            EXPECT_EQ(outcome.next_attempt_at - now, mail::retry_delay(attempt).count());
            now = outcome.next_attempt_at;
        } else {
            EXPECT_EQ(outcome.decision, AfterFailure::GaveUp);
        }
    }
    EXPECT_TRUE(m_outbox.claim_due(now + 365 * 86400, 10, lease).empty());
    auto const entry = m_outbox.find(id);
    ASSERT_TRUE(entry);
    EXPECT_FALSE(entry->sent_at);
    EXPECT_EQ(entry->attempts, mail::default_max_attempts);
    EXPECT_EQ(entry->last_error, "550 mailbox unavailable (10)");
}

TEST_F(OutboxStoreTest, StoredErrorsHaveControlsEncodedAndAreBounded)
{
    auto const id = enqueue(a_message());
    m_outbox.mark_failed(id, "line one\r\nline two", start);
    EXPECT_EQ(m_outbox.find(id)->last_error, "line one\\x0d\\x0aline two");
    m_outbox.mark_failed(id, std::string(2000, 'e') + "é", start);
    EXPECT_EQ(m_outbox.find(id)->last_error.size(), 500u);
}

}
