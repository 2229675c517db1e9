#include "mail/smtp_mailer.h"

#include <algorithm>
#include <curl/curl.h>
#include <fmt/format.h>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string_view>

namespace mail {

namespace {

struct CurlDeleter {
    void operator()(CURL* handle) const { curl_easy_cleanup(handle); }
};
struct SlistDeleter {
    void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

// curl_global_init is not safe to race with other curl calls; do it once, first.
void initialise_curl()
{
    static std::once_flag once;
    std::call_once(once, [] {
        if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
            throw std::runtime_error("libcurl could not be initialised");
    });
}

// What CURLOPT_READFUNCTION reads from: the rest of the message.
struct Upload {
    std::string_view remaining;
};

size_t read_upload(char* buffer, size_t size, size_t count, void* user_data)
{
    auto& upload = *static_cast<Upload*>(user_data);
    auto const length = std::min(size * count, upload.remaining.size());
    upload.remaining.copy(buffer, length);
    upload.remaining.remove_prefix(length);
    return length;
}

void set(CURL* handle, CURLoption option, auto value)
{
    if (auto const code = curl_easy_setopt(handle, option, value); code != CURLE_OK)
        throw std::runtime_error(fmt::format("SMTP setup failed: {}", curl_easy_strerror(code)));
}

}

SmtpMailer::SmtpMailer(MailConfig config, SmtpTimeouts timeouts)
    : m_config(std::move(config))
    , m_timeouts(timeouts)
{
    bool const smtps = m_config.smtp_url.starts_with("smtps://");
    if (!smtps && !m_config.smtp_url.starts_with("smtp://"))
        throw std::invalid_argument("mail.smtp_url must start with smtp:// or smtps://");
    // Credentials belong in username and password, where no log or error message shows them.
    if (m_config.smtp_url.find('@') != std::string::npos)
        throw std::invalid_argument("mail.smtp_url must not hold credentials; use mail.username and mail.password");
    if (!is_valid_address(m_config.from_address))
        throw std::invalid_argument("mail.from_address is not a valid e-mail address");
    if (!m_config.username.empty() && !smtps && !m_config.starttls)
        throw std::invalid_argument("mail.username is set but the connection is not encrypted: use smtps:// or mail.starttls");
    initialise_curl();
}

void SmtpMailer::send(MailMessage const& message, std::string const& rfc5322_text)
{
    if (!is_valid_address(message.to_address))
        throw std::invalid_argument("the recipient address is not valid");
    std::unique_ptr<CURL, CurlDeleter> handle(curl_easy_init());
    if (!handle)
        throw std::runtime_error("SMTP setup failed: curl_easy_init");
    auto* const curl = handle.get();
    char error_buffer[CURL_ERROR_SIZE] = {};
    Upload upload { rfc5322_text };
    auto const mail_from = fmt::format("<{}>", m_config.from_address);
    auto const rcpt_to = fmt::format("<{}>", message.to_address);
    std::unique_ptr<curl_slist, SlistDeleter> recipients(curl_slist_append(nullptr, rcpt_to.c_str()));
    if (!recipients)
        throw std::runtime_error("SMTP setup failed: out of memory");

    set(curl, CURLOPT_ERRORBUFFER, error_buffer);
    set(curl, CURLOPT_URL, m_config.smtp_url.c_str());
    // Only SMTP, even if a redirect or a crafted URL asks for another protocol.
    set(curl, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
    set(curl, CURLOPT_REDIR_PROTOCOLS_STR, "smtp,smtps");
    // Signals cannot be used for timeouts in a threaded program.
    set(curl, CURLOPT_NOSIGNAL, 1L);
    set(curl, CURLOPT_CONNECTTIMEOUT, static_cast<long>(m_timeouts.connect.count()));
    set(curl, CURLOPT_TIMEOUT, static_cast<long>(m_timeouts.total.count()));
    if (m_config.starttls)
        set(curl, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
    if (!m_config.username.empty()) {
        set(curl, CURLOPT_USERNAME, m_config.username.c_str());
        set(curl, CURLOPT_PASSWORD, m_config.password.c_str());
    }
    set(curl, CURLOPT_MAIL_FROM, mail_from.c_str());
    set(curl, CURLOPT_MAIL_RCPT, recipients.get());
    set(curl, CURLOPT_UPLOAD, 1L);
    set(curl, CURLOPT_READFUNCTION, read_upload);
    set(curl, CURLOPT_READDATA, &upload);
    set(curl, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(rfc5322_text.size()));

    if (auto const code = curl_easy_perform(curl); code != CURLE_OK) {
        // curl's buffer names the server's reply ("RCPT failed: 550") or the network error.
        auto const detail = error_buffer[0] ? std::string_view(error_buffer) : std::string_view(curl_easy_strerror(code));
        throw std::runtime_error(fmt::format("SMTP delivery failed: {}", detail));
    }
}

}
