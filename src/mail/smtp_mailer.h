// A Mailer that hands each mail to an SMTP server through libcurl: smtp:// (with STARTTLS
// required when configured) or smtps://, optional AUTH, MAIL FROM / RCPT TO, and connect
// and total timeouts so a dead server cannot hold the sender. One connection per mail.
// Thread-safe (each send has its own curl handle). send() throws std::runtime_error with
// curl's reason; neither the password nor the message is ever logged.
#pragma once

#include "mail/mailer.h"

#include <chrono>

namespace mail {

struct SmtpTimeouts {
    std::chrono::seconds connect { 10 };
    std::chrono::seconds total { 60 };
};

class SmtpMailer final : public Mailer {
public:
    // Throws std::invalid_argument, naming the setting, when the configuration cannot work:
    // a URL that is not smtp:// or smtps://, an invalid from_address, or credentials that
    // would cross the network in clear text (smtp:// without starttls).
    explicit SmtpMailer(MailConfig config, SmtpTimeouts timeouts = {});

    void send(MailMessage const& message, std::string const& rfc5322_text) override;

private:
    MailConfig m_config;
    SmtpTimeouts m_timeouts;
};

}
