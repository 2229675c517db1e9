// How a formatted mail leaves the server: the Mailer interface and its configuration.
// Two implementations: SmtpMailer (a real server, over libcurl) and FileMailer (.eml files
// in a folder, for demos and development). send() blocks and throws on any failure, with a
// message fit for the outbox's last_error (never a password); MailSender calls it from its
// own thread.
#pragma once

#include "mail/mail_message.h"

#include <string>

namespace mail {

struct MailConfig {
    std::string from_address; // envelope MAIL FROM and the From header
    std::string from_name;
    // "smtp://host:587" or "smtps://host:465"; empty means FileMailer.
    std::string smtp_url;
    // Credentials for SMTP AUTH; only sent over TLS (smtps:// or starttls).
    std::string username, password;
    bool starttls = false; // smtp:// then STARTTLS, refusing to go on without it
};

class Mailer {
public:
    virtual ~Mailer() = default;
    // Delivers `rfc5322_text` (made by format_rfc5322 from `message`) to message.to_address.
    virtual void send(MailMessage const& message, std::string const& rfc5322_text) = 0;
};

}
