#include "mail/mail_sender.h"

#include <cassert>
#include <exception>
#include <spdlog/spdlog.h>

namespace mail {

MailSender::MailSender(OutboxStore const& outbox, Mailer& mailer, core::Clock const& clock, SenderOptions options)
    : m_outbox(outbox)
    , m_mailer(mailer)
    , m_clock(clock)
    , m_options(std::move(options))
{
}

MailSender::~MailSender()
{
    stop();
}

void MailSender::start()
{
    assert(!m_thread.joinable());
    m_stopping = false;
    m_thread = std::thread([this] { run(); });
}

void MailSender::wake()
{
    {
        std::lock_guard lock(m_mutex);
        m_woken = true;
    }
    m_wake_up.notify_one();
}

void MailSender::stop()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake_up.notify_one();
    if (m_thread.joinable())
        m_thread.join();
}

int MailSender::deliver_due_now()
{
    auto const batch = m_outbox.claim_due(m_clock.now(), m_options.batch_size, m_options.lease);
    int sent = 0;
    for (auto const& entry : batch) {
        if (stopping()) {
            // Another sender may take it now instead of waiting for the lease to run out.
            m_outbox.release(entry.id);
            continue;
        }
        auto const to = printable_for_log(entry.message.to_address);
        try {
            auto const now = m_clock.now();
            auto const text = format_rfc5322(entry.message, m_options.from_address, m_options.from_name, now,
                make_message_id(m_options.from_address, now));
            m_mailer.send(entry.message, text);
        } catch (std::exception const& error) {
            auto const outcome = m_outbox.mark_failed(entry.id, error.what(), m_clock.now());
            if (outcome.decision == AfterFailure::GaveUp)
                spdlog::error("mail {} to {}: gave up after {} attempts: {}", entry.id, to, outcome.attempts, printable_for_log(error.what()));
            else
                spdlog::warn("mail {} to {}: attempt {} failed, retrying later: {}", entry.id, to, outcome.attempts, printable_for_log(error.what()));
            continue;
        }
        m_outbox.mark_sent(entry.id, m_clock.now());
        ++sent;
    }
    return sent;
}

void MailSender::run()
{
    while (!stopping()) {
        try {
            // A full batch suggests more are due: go again without waiting.
            while (!stopping() && deliver_due_now() == m_options.batch_size) { }
        } catch (std::exception const& error) {
            // The database may be back by the next poll; the thread must not die meanwhile.
            spdlog::error("mail: delivery pass failed: {}", printable_for_log(error.what()));
        } catch (...) {
            spdlog::error("mail: delivery pass failed with an unknown exception");
        }
        std::unique_lock lock(m_mutex);
        m_wake_up.wait_for(lock, m_options.poll_interval, [this] { return m_woken || stopping(); });
        m_woken = false;
    }
}

}
