// A Mailer that delivers into a folder (data/outbox/ by default): each mail becomes one
// .eml file named <UTC time>-<random>.eml by the server, written atomically (a temporary
// file, fsync, rename) with mode 0600, and a log line saying where it went. It lets the
// demo and development run with no mail server. Thread-safe; throws std::system_error
// when the folder cannot be written.
#pragma once

#include "core/clock.h"
#include "mail/mailer.h"

#include <filesystem>

namespace mail {

class FileMailer final : public Mailer {
public:
    // Creates the folder (mode 0700) when it is missing.
    FileMailer(std::filesystem::path folder, core::Clock const& clock);

    void send(MailMessage const& message, std::string const& rfc5322_text) override;

    std::filesystem::path const& folder() const { return m_folder; }

private:
    std::filesystem::path m_folder;
    core::Clock const& m_clock;
};

}
