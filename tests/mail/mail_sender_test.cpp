#include "mail/mail_sender.h"

#include "../storage/temporary_database.h"

#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <thread>

namespace {

using namespace std::chrono_literals;

constexpr core::UnixTime start = 1795941000;

// A Mailer that records what it is given and fails while told to.
class RecordingMailer final : public mail::Mailer {
public:
    void send(mail::MailMessage const& message, std::string const& text) override
    {
        std::lock_guard lock(m_mutex);
        if (m_failures_left > 0) {
            --m_failures_left;
            throw std::runtime_error("SMTP delivery failed: 451 try again later");
        }
        m_sent.emplace_back(message.to_address, text);
        m_changed.notify_all();
    }

    void fail_next(int count)
    {
        std::lock_guard lock(m_mutex);
        m_failures_left = count;
    }

    std::vector<std::pair<std::string, std::string>> sent()
    {
        std::lock_guard lock(m_mutex);
        return m_sent;
    }

    // Waits (at most `limit`) until `count` mails were sent.
    bool wait_for_sent(std::size_t count, std::chrono::milliseconds limit)
    {
        std::unique_lock lock(m_mutex);
        return m_changed.wait_for(lock, limit, [&] { return m_sent.size() >= count; });
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_changed;
    int m_failures_left = 0;
    std::vector<std::pair<std::string, std::string>> m_sent;
};

class MailSenderTest : public ::testing::Test {
protected:
    std::int64_t enqueue(std::string const& to)
    {
        auto transaction = m_database->begin();
        auto const id = m_outbox.enqueue(transaction, { to, "", "Confirm your address", "Hello\n" }, m_clock.now());
        EXPECT_TRUE(id.has_value());
        transaction.commit();
        return *id;
    }

    mail::SenderOptions options(std::chrono::milliseconds poll_interval = 1h)
    {
        return { .from_address = "noreply@tribune.example", .from_name = "Tribune", .poll_interval = poll_interval };
    }

    testing_support::TemporaryDatabase m_database;
    mail::OutboxStore m_outbox { *m_database };
    core::FixedClock m_clock { start };
    RecordingMailer m_mailer;
};

TEST_F(MailSenderTest, DeliversDueMailFormattedAndMarksItSent)
{
    auto const first = enqueue("ada@example.org");
    auto const second = enqueue("grace@example.org");
    mail::MailSender sender(m_outbox, m_mailer, m_clock, options());
    EXPECT_EQ(sender.deliver_due_now(), 2);
    auto const sent = m_mailer.sent();
    ASSERT_EQ(sent.size(), 2u);
    EXPECT_EQ(sent[0].first, "ada@example.org");
    EXPECT_NE(sent[0].second.find("\r\nTo: ada@example.org\r\n"), std::string::npos);
    EXPECT_NE(sent[0].second.find("From: \"Tribune\" <noreply@tribune.example>\r\n"), std::string::npos);
    EXPECT_NE(sent[0].second.find("@tribune.example>\r\n"), std::string::npos) << "Message-ID in the sender's domain";
    EXPECT_EQ(m_outbox.find(first)->sent_at, start);
    EXPECT_EQ(m_outbox.find(second)->sent_at, start);
    EXPECT_EQ(sender.deliver_due_now(), 0) << "nothing is sent twice";
}

TEST_F(MailSenderTest, AFailedSendIsRecordedAndRetriedAfterTheBackoff)
{
    auto const id = enqueue("ada@example.org");
    mail::MailSender sender(m_outbox, m_mailer, m_clock, options());
    m_mailer.fail_next(1);
    EXPECT_EQ(sender.deliver_due_now(), 0);
    auto const entry = m_outbox.find(id);
    EXPECT_EQ(entry->attempts, 1);
    EXPECT_EQ(entry->last_error, "SMTP delivery failed: 451 try again later");
    m_clock.set(start + 59);
    EXPECT_EQ(sender.deliver_due_now(), 0) << "not due before the backoff";
    m_clock.set(start + 60);
    EXPECT_EQ(sender.deliver_due_now(), 1);
    EXPECT_EQ(m_outbox.find(id)->sent_at, start + 60);
}

TEST_F(MailSenderTest, OneFailingMailDoesNotHoldUpTheOthers)
{
    enqueue("first@example.org");
    enqueue("second@example.org");
    mail::MailSender sender(m_outbox, m_mailer, m_clock, options());
    m_mailer.fail_next(1);
    EXPECT_EQ(sender.deliver_due_now(), 1);
    ASSERT_EQ(m_mailer.sent().size(), 1u);
    EXPECT_EQ(m_mailer.sent()[0].first, "second@example.org");
}

TEST_F(MailSenderTest, TheThreadSendsWhenWokenAndStopsCleanly)
{
    mail::MailSender sender(m_outbox, m_mailer, m_clock, options(1h));
    sender.start();
    enqueue("ada@example.org");
    sender.wake(); // the poll interval is an hour: only the wake-up can send it in time
    EXPECT_TRUE(m_mailer.wait_for_sent(1, 10s));
    sender.stop();
    sender.stop(); // idempotent
    enqueue("grace@example.org");
    sender.wake();
    EXPECT_EQ(m_mailer.sent().size(), 1u) << "a stopped sender sends nothing";
}

TEST_F(MailSenderTest, AStoppingSenderHandsItsClaimedMailBack)
{
    enqueue("ada@example.org");
    enqueue("grace@example.org");
    mail::MailSender sender(m_outbox, m_mailer, m_clock, options());
    sender.stop();
    EXPECT_EQ(sender.deliver_due_now(), 0);
    EXPECT_TRUE(m_mailer.sent().empty());
    EXPECT_EQ(m_outbox.claim_due(m_clock.now(), 10, 300s).size(), 2u) << "claimable at once, not after the lease";
}

TEST_F(MailSenderTest, TheThreadPollsWithoutBeingWoken)
{
    mail::MailSender sender(m_outbox, m_mailer, m_clock, options(50ms));
    sender.start();
    enqueue("ada@example.org");
    EXPECT_TRUE(m_mailer.wait_for_sent(1, 10s));
}

TEST_F(MailSenderTest, TheThreadSurvivesADatabaseFailure)
{
    mail::MailSender sender(m_outbox, m_mailer, m_clock, options(20ms));
    {
        auto transaction = m_database->begin();
        transaction.execute("ALTER TABLE mail_outbox RENAME TO mail_outbox_away");
        transaction.commit();
    }
    sender.start();
    std::this_thread::sleep_for(100ms); // a few failing passes, logged
    {
        auto transaction = m_database->begin();
        transaction.execute("ALTER TABLE mail_outbox_away RENAME TO mail_outbox");
        transaction.commit();
    }
    enqueue("ada@example.org");
    EXPECT_TRUE(m_mailer.wait_for_sent(1, 10s)) << "the thread kept going after the failures";
}

}
