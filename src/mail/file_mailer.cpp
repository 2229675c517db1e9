#include "mail/file_mailer.h"

#include "core/file_descriptor.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <ctime>
#include <fcntl.h>
#include <fmt/format.h>
#include <sodium.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <system_error>
#include <unistd.h>
#include <utility>

namespace mail {

namespace {

// Mails can hold sign-in links: only the server's user may read them.
constexpr mode_t file_mode = 0600;
constexpr auto folder_permissions = std::filesystem::perms::owner_all;

std::string random_hex(std::size_t bytes)
{
    std::array<unsigned char, 16> random {};
    bytes = std::min(bytes, random.size());
    randombytes_buf(random.data(), bytes);
    std::string hex;
    for (std::size_t i = 0; i < bytes; ++i)
        hex += fmt::format("{:02x}", random[i]);
    return hex;
}

// Sorts by time in a folder listing: 20261129T083000Z.
std::string file_time(core::UnixTime time)
{
    std::time_t const seconds = static_cast<std::time_t>(time);
    std::tm parts {};
    gmtime_r(&seconds, &parts);
    return fmt::format("{:04}{:02}{:02}T{:02}{:02}{:02}Z", parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday,
        parts.tm_hour, parts.tm_min, parts.tm_sec);
}

void write_atomically(std::filesystem::path const& folder, std::filesystem::path const& target, std::string_view text)
{
    // A dot name, so that a reader of the folder never picks up a half-written mail.
    auto const temporary = folder / fmt::format(".{}.tmp", random_hex(8));
    core::FileDescriptor file(::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, file_mode));
    if (file.get() < 0)
        throw std::system_error(errno, std::generic_category(), "cannot create a mail file in the outbox folder");
    try {
        while (!text.empty()) {
            auto const written = ::write(file.get(), text.data(), text.size());
            if (written < 0 && errno == EINTR)
                continue;
            if (written < 0)
                throw std::system_error(errno, std::generic_category(), "cannot write a mail file");
            text.remove_prefix(static_cast<std::size_t>(written));
        }
        if (::fsync(file.get()) != 0)
            throw std::system_error(errno, std::generic_category(), "cannot flush a mail file");
        file.close("cannot close a mail file");
        if (::rename(temporary.c_str(), target.c_str()) != 0)
            throw std::system_error(errno, std::generic_category(), "cannot rename a mail file");
    } catch (...) {
        ::unlink(temporary.c_str());
        throw;
    }
    // Make the rename itself durable. The mail is already there, so a failure here is only
    // a warning: throwing would have it sent (written) twice.
    core::FileDescriptor directory(::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (directory.get() < 0 || ::fsync(directory.get()) != 0)
        spdlog::warn("mail: cannot flush the outbox folder: {}", std::generic_category().message(errno));
}

}

FileMailer::FileMailer(std::filesystem::path folder, core::Clock const& clock)
    : m_folder(std::move(folder))
    , m_clock(clock)
{
    if (std::filesystem::create_directories(m_folder))
        std::filesystem::permissions(m_folder, folder_permissions);
}

void FileMailer::send(MailMessage const& message, std::string const& rfc5322_text)
{
    auto const target = m_folder / fmt::format("{}-{}.eml", file_time(m_clock.now()), random_hex(8));
    write_atomically(m_folder, target, rfc5322_text);
    spdlog::info("mail to {}: {} (written to {})", printable_for_log(message.to_address), printable_for_log(message.subject),
        printable_for_log(target.string()));
}

}
