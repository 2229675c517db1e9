// Delivers the outbox: claims due mails, formats them, hands them to the Mailer and
// records the outcome (sent, or failed with backoff). It runs on its own thread after
// start(): a pass every poll interval, and at once after wake() (call it after committing
// a transaction that enqueued mail). Any number of senders, on any nodes, may share one
// outbox: the claim's lease keeps them from sending a mail twice. Nothing is thrown out of
// the thread; failures are logged (addresses and subjects only, never bodies: they hold
// sign-in links).
#pragma once

#include "core/clock.h"
#include "mail/mailer.h"
#include "mail/outbox_store.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

namespace mail {

struct SenderOptions {
    std::string from_address;
    std::string from_name;
    std::chrono::milliseconds poll_interval { 5000 };
    int batch_size = 20; // mails claimed per pass
    // How long a claim holds; longer than a send can take (the SMTP total timeout), or a
    // slow send could be claimed and sent again by another sender.
    std::chrono::seconds lease { 300 };
};

class MailSender {
public:
    MailSender(OutboxStore const& outbox, Mailer& mailer, core::Clock const& clock, SenderOptions options);
    // Stops the thread if it runs.
    ~MailSender();
    MailSender(MailSender const&) = delete;
    MailSender& operator=(MailSender const&) = delete;

    // Starts the background thread; calling it twice is a bug.
    void start();
    // Runs a pass soon rather than at the next poll.
    void wake();
    // Finishes the mail being sent, hands the rest of the claimed batch back to the outbox,
    // and joins the thread. Idempotent.
    void stop();

    // One pass on the calling thread: claims due mails and tries each once. Returns how
    // many were sent. Send failures are recorded in the outbox; database failures throw.
    // Once stop() has been called it sends nothing and hands what it claimed back.
    int deliver_due_now();

private:
    void run();
    bool stopping() const { return m_stopping.load(); }

    OutboxStore const& m_outbox;
    Mailer& m_mailer;
    core::Clock const& m_clock;
    SenderOptions m_options;

    std::mutex m_mutex;
    std::condition_variable m_wake_up;
    bool m_woken = false; // guarded by m_mutex
    std::atomic<bool> m_stopping = false;
    std::thread m_thread;
};

}
