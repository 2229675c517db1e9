#include "mail/smtp_mailer.h"

#include "../storage/temporary_database.h"
#include "mail/mail_sender.h"

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <cstdio>
#include <fstream>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

extern char** environ;

namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

constexpr core::UnixTime a_time = 1795941000;

// A port nothing listens on right now (the kernel's pick for a socket we close again).
int free_port()
{
    int const fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address {};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    EXPECT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    EXPECT_EQ(::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length), 0);
    ::close(fd);
    return ntohs(address.sin_port);
}

bool accepts_connections(int port)
{
    int const fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address {};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    bool const connected = ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
    ::close(fd);
    return connected;
}

// Debian's aiosmtpd on 127.0.0.1, storing every mail it accepts in a Maildir. Killed in
// the destructor; every wait is bounded.
class SmtpTestServer {
public:
    explicit SmtpTestServer(fs::path maildir)
        : m_maildir(std::move(maildir))
        , m_port(free_port())
    {
        auto const listen = "127.0.0.1:" + std::to_string(m_port);
        std::vector<std::string> arguments { "/usr/bin/python3", "-m", "aiosmtpd", "-n", "-l", listen, "-c",
            "aiosmtpd.handlers.Mailbox", m_maildir.string() };
        std::vector<char*> argv;
        for (auto& argument : arguments)
            argv.push_back(argument.data());
        argv.push_back(nullptr);
        if (posix_spawn(&m_pid, argv[0], nullptr, nullptr, argv.data(), environ) != 0)
            throw std::runtime_error("cannot start aiosmtpd");
        for (auto waited = 0ms; waited < 15s; waited += 50ms) {
            if (accepts_connections(m_port))
                return;
            int status = 0;
            if (::waitpid(m_pid, &status, WNOHANG) == m_pid) {
                m_pid = 0;
                throw std::runtime_error("aiosmtpd exited at start");
            }
            std::this_thread::sleep_for(50ms);
        }
        throw std::runtime_error("aiosmtpd did not start listening within 15 s");
    }
    ~SmtpTestServer()
    {
        if (m_pid <= 0)
            return;
        ::kill(m_pid, SIGTERM);
        for (auto waited = 0ms; waited < 5s; waited += 20ms) {
            int status = 0;
            if (::waitpid(m_pid, &status, WNOHANG) == m_pid)
                return;
            std::this_thread::sleep_for(20ms);
        }
        ::kill(m_pid, SIGKILL);
        int status = 0;
        ::waitpid(m_pid, &status, 0);
    }
    SmtpTestServer(SmtpTestServer const&) = delete;
    SmtpTestServer& operator=(SmtpTestServer const&) = delete;

    std::string url() const { return "smtp://127.0.0.1:" + std::to_string(m_port); }

    // The mails received so far (bounded wait for at least `count`).
    std::vector<fs::path> received(std::size_t count = 1) const
    {
        std::vector<fs::path> files;
        for (auto waited = 0ms; waited < 5s; waited += 20ms) {
            files.clear();
            if (fs::exists(m_maildir / "new")) {
                for (auto const& entry : fs::directory_iterator(m_maildir / "new"))
                    files.push_back(entry.path());
            }
            if (files.size() >= count)
                break;
            std::this_thread::sleep_for(20ms);
        }
        return files;
    }

private:
    fs::path m_maildir;
    int m_port;
    pid_t m_pid = 0;
};

// Python's e-mail parser, independent of ours:
// "<defects>\n<Subject>\n<To>\n<envelope from>\n<envelope to>\n<body>".
std::string parse_with_python(fs::path const& eml, fs::path const& scratch)
{
    auto const script = scratch / "parse_mail.py";
    std::ofstream(script) << "import email, email.policy, sys\n"
                             "with open(sys.argv[1], 'rb') as f:\n"
                             "    m = email.message_from_binary_file(f, policy=email.policy.default)\n"
                             "defects = len(m.defects) + sum(len(v.defects) for v in m.values())\n"
                             "out = [str(defects), str(m['Subject']), str(m['To']), str(m['X-MailFrom']),\n"
                             "       str(m['X-RcptTo']), m.get_content()]\n"
                             "sys.stdout.buffer.write('\\n'.join(out).encode('utf-8'))\n";
    auto const command = "/usr/bin/python3 " + script.string() + " " + eml.string();
    FILE* pipe = popen(command.c_str(), "r");
    EXPECT_NE(pipe, nullptr);
    std::string output;
    char buffer[4096];
    while (auto const count = std::fread(buffer, 1, sizeof buffer, pipe))
        output.append(buffer, count);
    EXPECT_EQ(pclose(pipe), 0) << output;
    return output;
}

class SmtpMailerTest : public ::testing::Test {
protected:
    std::int64_t enqueue(mail::MailMessage const& message)
    {
        auto transaction = m_database->begin();
        auto const id = m_outbox.enqueue(transaction, message, a_time);
        EXPECT_TRUE(id.has_value());
        transaction.commit();
        return *id;
    }

    mail::MailConfig config(std::string url)
    {
        return { .from_address = "noreply@tribune.example", .from_name = "Tribune", .smtp_url = std::move(url) };
    }

    mail::SenderOptions options()
    {
        return { .from_address = "noreply@tribune.example", .from_name = "Tribune" };
    }

    testing_support::TemporaryFolder m_scratch;
    testing_support::TemporaryDatabase m_database;
    mail::OutboxStore m_outbox { *m_database };
    core::FixedClock m_clock { a_time };
};

TEST_F(SmtpMailerTest, RoundTripThroughARealSmtpServer)
{
    SmtpTestServer server(m_scratch.path() / "maildir");
    std::string const link = "https://tribune.example/account/verify?token=Zx9_-" + std::string(90, 'q') + "&next=%2Fwelcome";
    mail::MailMessage const message { "zoe@example.org", "Zoë Ångström", "Bienvenue sur Tribune — vérifiez votre adresse ✓",
        "Hello Zoë,\n\nConfirm your address:\n" + link + "\n\n.a line that starts with a dot\nGrüße, 日本語 🎉\n" };
    auto const id = enqueue(message);

    mail::SmtpMailer mailer(config(server.url()));
    mail::MailSender sender(m_outbox, mailer, m_clock, options());
    EXPECT_EQ(sender.deliver_due_now(), 1);
    EXPECT_EQ(m_outbox.find(id)->sent_at, a_time);

    auto const received = server.received();
    ASSERT_EQ(received.size(), 1u);
    EXPECT_EQ(parse_with_python(received[0], m_scratch.path()),
        "0\n" + message.subject + "\nZoë Ångström <zoe@example.org>\nnoreply@tribune.example\nzoe@example.org\n" + message.text_body);
}

TEST_F(SmtpMailerTest, AnUnreachableServerIsAFailureRecordedForRetry)
{
    auto const id = enqueue({ "ada@example.org", "", "Hi", "x" });
    mail::SmtpMailer mailer(config("smtp://127.0.0.1:" + std::to_string(free_port())), { .connect = 5s, .total = 10s });
    mail::MailSender sender(m_outbox, mailer, m_clock, options());
    EXPECT_EQ(sender.deliver_due_now(), 0);
    auto const entry = m_outbox.find(id);
    EXPECT_EQ(entry->attempts, 1);
    EXPECT_EQ(entry->next_attempt_at, a_time + 60);
    EXPECT_TRUE(entry->last_error.starts_with("SMTP delivery failed: ")) << entry->last_error;
}

TEST_F(SmtpMailerTest, RequiredStarttlsIsNeverSkippedAndThePasswordStaysSecret)
{
    SmtpTestServer server(m_scratch.path() / "maildir");
    auto const id = enqueue({ "ada@example.org", "", "Hi", "x" });
    auto settings = config(server.url());
    settings.starttls = true; // aiosmtpd offers no STARTTLS: curl must refuse to go on
    settings.username = "tribune";
    settings.password = "correct-horse-battery-staple";
    mail::SmtpMailer mailer(settings, { .connect = 5s, .total = 10s });
    mail::MailSender sender(m_outbox, mailer, m_clock, options());
    EXPECT_EQ(sender.deliver_due_now(), 0);
    auto const entry = m_outbox.find(id);
    EXPECT_EQ(entry->attempts, 1);
    EXPECT_EQ(entry->last_error.find("correct-horse"), std::string::npos);
    EXPECT_TRUE(server.received(0).empty()) << "nothing was delivered in clear text";
}

TEST_F(SmtpMailerTest, ConfigurationThatCannotWorkIsRefusedAtStart)
{
    struct Case {
        char const* what;
        mail::MailConfig config;
    };
    Case const cases[] = {
        { "http URL", { .from_address = "n@example.org", .smtp_url = "http://127.0.0.1:25" } },
        { "file URL", { .from_address = "n@example.org", .smtp_url = "file:///etc/passwd" } },
        { "empty URL", { .from_address = "n@example.org", .smtp_url = "" } },
        { "credentials in URL", { .from_address = "n@example.org", .smtp_url = "smtps://user:secret@mail.example.org" } },
        { "bad from", { .from_address = "noreply", .smtp_url = "smtp://127.0.0.1:25" } },
        { "from with CRLF", { .from_address = "n@example.org\r\nRCPT TO:<x@y.z>", .smtp_url = "smtp://127.0.0.1:25" } },
        { "password in clear",
            { .from_address = "n@example.org", .smtp_url = "smtp://127.0.0.1:25", .username = "u", .password = "p" } },
    };
    for (auto const& c : cases)
        EXPECT_THROW(mail::SmtpMailer { c.config }, std::invalid_argument) << c.what;
    EXPECT_NO_THROW(mail::SmtpMailer({ .from_address = "n@example.org", .smtp_url = "smtps://mail.example.org", .username = "u", .password = "p" }));
    EXPECT_NO_THROW(mail::SmtpMailer({ .from_address = "n@example.org", .smtp_url = "smtp://mail.example.org:587", .username = "u", .password = "p", .starttls = true }));
}

}
