#include "mail/file_mailer.h"

#include "../storage/temporary_database.h"
#include "mail/mail_sender.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <regex>
#include <sstream>
#include <sys/stat.h>

namespace {

namespace fs = std::filesystem;

constexpr core::UnixTime a_time = 1795941000; // 2026-11-29 08:30:00 UTC

std::string read_file(fs::path const& path)
{
    std::ifstream file(path, std::ios::binary);
    std::stringstream contents;
    contents << file.rdbuf();
    return contents.str();
}

std::vector<fs::path> files_in(fs::path const& folder)
{
    std::vector<fs::path> files;
    for (auto const& entry : fs::directory_iterator(folder))
        files.push_back(entry.path());
    std::ranges::sort(files);
    return files;
}

// Python's e-mail parser, independent of ours: "<defects>\n<Subject>\n<To>\n<body>".
std::string parse_with_python(fs::path const& eml, fs::path const& scratch)
{
    auto const script = scratch / "parse_mail.py";
    std::ofstream(script) << "import email, email.policy, sys\n"
                             "with open(sys.argv[1], 'rb') as f:\n"
                             "    m = email.message_from_binary_file(f, policy=email.policy.default)\n"
                             "defects = len(m.defects) + sum(len(v.defects) for v in m.values())\n"
                             "out = [str(defects), str(m['Subject']), str(m['To']), m.get_content()]\n"
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

class FileMailerTest : public ::testing::Test {
protected:
    testing_support::TemporaryFolder m_scratch;
    fs::path m_folder = m_scratch.path() / "data" / "outbox";
    core::FixedClock m_clock { a_time };
    mail::MailMessage m_message { "zoe@example.org", "Zoë", "Confirm your address — Tribune",
        "Hello Zoë,\n\nOpen https://tribune.example/verify?token=" + std::string(80, 'k') + "\n" };
    std::string m_text = mail::format_rfc5322(m_message, "noreply@tribune.example", "Tribune", a_time, "<1@tribune.example>");
};

TEST_F(FileMailerTest, WritesEachMailAtomicallyUnderAServerMadeName)
{
    mail::FileMailer mailer(m_folder, m_clock);
    EXPECT_EQ(fs::status(m_folder).permissions() & fs::perms::all, fs::perms::owner_all);
    mailer.send(m_message, m_text);
    mailer.send(m_message, m_text);
    auto const files = files_in(m_folder);
    ASSERT_EQ(files.size(), 2u) << "no temporary file left behind";
    EXPECT_NE(files[0], files[1]);
    for (auto const& file : files) {
        EXPECT_TRUE(std::regex_match(file.filename().string(), std::regex(R"(20261129T083000Z-[0-9a-f]{16}\.eml)"))) << file;
        EXPECT_EQ(read_file(file), m_text);
        struct stat status { };
        ASSERT_EQ(::stat(file.c_str(), &status), 0);
        EXPECT_EQ(status.st_mode & 0777, 0600u);
    }
}

TEST_F(FileMailerTest, TheFileIsAParseableMail)
{
    mail::FileMailer mailer(m_folder, m_clock);
    mailer.send(m_message, m_text);
    auto const parsed = parse_with_python(files_in(m_folder).at(0), m_scratch.path());
    EXPECT_EQ(parsed, "0\nConfirm your address — Tribune\nZoë <zoe@example.org>\n" + m_message.text_body);
}

TEST_F(FileMailerTest, TheSenderDeliversIntoTheFolder)
{
    testing_support::TemporaryDatabase database;
    mail::OutboxStore outbox(*database);
    mail::FileMailer mailer(m_folder, m_clock);
    mail::MailSender sender(outbox, mailer, m_clock, { .from_address = "noreply@tribune.example", .from_name = "Tribune" });
    {
        auto transaction = database->begin();
        ASSERT_TRUE(outbox.enqueue(transaction, m_message, a_time).has_value());
        transaction.commit();
    }
    EXPECT_EQ(sender.deliver_due_now(), 1);
    auto const files = files_in(m_folder);
    ASSERT_EQ(files.size(), 1u);
    EXPECT_NE(read_file(files[0]).find("Subject: =?utf-8?B?"), std::string::npos);
}

TEST_F(FileMailerTest, AnUnwritableFolderThrows)
{
    fs::create_directories(m_folder.parent_path());
    std::ofstream(m_folder) << "a file where the folder should be";
    EXPECT_THROW(mail::FileMailer(m_folder, m_clock), fs::filesystem_error);

    auto const vanished = m_scratch.path() / "vanished";
    mail::FileMailer mailer(vanished, m_clock);
    fs::remove(vanished);
    EXPECT_THROW(mailer.send(m_message, m_text), std::system_error);
}

}
