#include "mail/mail_message.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

using mail::MailMessage;

constexpr core::UnixTime a_date = 1795941000; // Sun, 29 Nov 2026 08:30:00 UTC
std::string const a_message_id = "<abc123.1795941000@tribune.example>";

std::string format(MailMessage const& message, std::string const& from_name = "Tribune")
{
    return mail::format_rfc5322(message, "noreply@tribune.example", from_name, a_date, a_message_id);
}

struct Parsed {
    std::vector<std::pair<std::string, std::string>> headers; // unfolded, in order
    std::string body;
};

// Splits a message into unfolded headers and body; fails the test on a bare CR or LF.
Parsed parse(std::string const& text)
{
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\r') {
            EXPECT_TRUE(i + 1 < text.size() && text[i + 1] == '\n') << "bare CR at " << i;
        }
        if (text[i] == '\n') {
            EXPECT_TRUE(i > 0 && text[i - 1] == '\r') << "bare LF at " << i;
        }
    }
    Parsed parsed;
    auto const end = text.find("\r\n\r\n");
    EXPECT_NE(end, std::string::npos);
    parsed.body = text.substr(end + 4);
    std::string header_block = text.substr(0, end + 2);
    std::size_t start = 0;
    while (start < header_block.size()) {
        auto line_end = header_block.find("\r\n", start);
        std::string line = header_block.substr(start, line_end - start);
        start = line_end + 2;
        if (line.front() == ' ' || line.front() == '\t') {
            EXPECT_FALSE(parsed.headers.empty());
            parsed.headers.back().second += line; // unfold: drop the CRLF, keep the blank
            continue;
        }
        auto const colon = line.find(": ");
        EXPECT_NE(colon, std::string::npos) << line;
        parsed.headers.emplace_back(line.substr(0, colon), line.substr(colon + 2));
    }
    return parsed;
}

std::string header(Parsed const& parsed, std::string const& name)
{
    for (auto const& [key, value] : parsed.headers) {
        if (key == name)
            return value;
    }
    ADD_FAILURE() << "no " << name << " header";
    return {};
}

std::string decode_base64(std::string_view text)
{
    constexpr std::string_view alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    unsigned bits = 0;
    int count = 0;
    for (char c : text) {
        if (c == '=')
            break;
        bits = (bits << 6) | static_cast<unsigned>(alphabet.find(c));
        count += 6;
        if (count >= 8) {
            count -= 8;
            out += static_cast<char>((bits >> count) & 0xFF);
        }
    }
    return out;
}

// RFC 2047: a value of blank-separated =?utf-8?B?...?= words, or plain text.
std::string decode_header(std::string const& value)
{
    if (!value.starts_with("=?"))
        return value;
    std::string decoded;
    std::size_t position = 0;
    while ((position = value.find("=?utf-8?B?", position)) != std::string::npos) {
        auto const end = value.find("?=", position + 10);
        EXPECT_LE(end - position + 2, 75u) << "encoded-word longer than 75 octets";
        decoded += decode_base64(value.substr(position + 10, end - position - 10));
        position = end + 2;
    }
    return decoded;
}

std::string decode_quoted_printable(std::string const& text)
{
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '=') {
            out += text[i];
        } else if (text.compare(i + 1, 2, "\r\n") == 0) {
            i += 2; // soft line break
        } else {
            out += static_cast<char>(std::stoi(text.substr(i + 1, 2), nullptr, 16));
            i += 2;
        }
    }
    return out;
}

void expect_lines_within(std::string const& text, std::size_t limit)
{
    std::size_t start = 0;
    while (start < text.size()) {
        auto const end = text.find("\r\n", start);
        auto const length = (end == std::string::npos ? text.size() : end) - start;
        EXPECT_LE(length, limit) << "line: " << text.substr(start, std::min<std::size_t>(length, 100));
        if (end == std::string::npos)
            break;
        start = end + 2;
    }
}

TEST(MailMessage, HasEveryHeaderWithCrlfEndings)
{
    auto const text = format({ "ada@example.org", "Ada Lovelace", "Welcome", "Hello Ada.\nSee you soon.\n" });
    auto const parsed = parse(text);
    std::vector<std::string> names;
    for (auto const& [name, value] : parsed.headers)
        names.push_back(name);
    EXPECT_EQ(names, (std::vector<std::string> { "Date", "From", "To", "Subject", "Message-ID", "MIME-Version", "Content-Type", "Content-Transfer-Encoding", "Auto-Submitted" }));
    EXPECT_EQ(header(parsed, "Date"), "Sun, 29 Nov 2026 08:30:00 +0000");
    EXPECT_EQ(header(parsed, "From"), "\"Tribune\" <noreply@tribune.example>");
    EXPECT_EQ(header(parsed, "To"), "\"Ada Lovelace\" <ada@example.org>");
    EXPECT_EQ(header(parsed, "Subject"), "Welcome");
    EXPECT_EQ(header(parsed, "Message-ID"), a_message_id);
    EXPECT_EQ(header(parsed, "Content-Type"), "text/plain; charset=utf-8");
    EXPECT_EQ(header(parsed, "Content-Transfer-Encoding"), "quoted-printable");
    EXPECT_EQ(parsed.body, "Hello Ada.\r\nSee you soon.\r\n");
}

TEST(MailMessage, WithoutNamesUsesBareAddresses)
{
    auto const parsed = parse(format({ "ada@example.org", "", "Hi", "x" }, ""));
    EXPECT_EQ(header(parsed, "From"), "noreply@tribune.example");
    EXPECT_EQ(header(parsed, "To"), "ada@example.org");
}

TEST(MailMessage, NonAsciiSubjectAndNameAreEncodedWordsThatDecodeBack)
{
    std::string const subject = "Bienvenue à Tribune — vérifiez votre adresse ✓ 日本語のテスト 🎉 and a long tail of words";
    std::string const name = "Zoë Ångström";
    auto const text = format({ "zoe@example.org", name, subject, "x" });
    for (unsigned char c : text.substr(0, text.find("\r\n\r\n")))
        EXPECT_LT(c, 0x80) << "raw non-ASCII octet in the headers";
    auto const parsed = parse(text);
    EXPECT_EQ(decode_header(header(parsed, "Subject")), subject);
    auto const to = header(parsed, "To");
    EXPECT_EQ(decode_header(to.substr(0, to.find(" <"))), name);
    EXPECT_TRUE(to.ends_with("<zoe@example.org>"));
    expect_lines_within(text, 78);
}

TEST(MailMessage, QuotesAndBackslashesInNamesAreEscaped)
{
    auto const parsed = parse(format({ "a@example.org", R"(Ada "the" \Countess)", "Hi", "x" }));
    EXPECT_EQ(header(parsed, "To"), R"("Ada \"the\" \\Countess" <a@example.org>)");
}

TEST(MailMessage, LongSubjectsAndBodyLinesAreFoldedWithinLimits)
{
    std::string const subject(2000, 'S');
    std::string const link = "https://tribune.example/verify?token=" + std::string(300, 'k') + "&next=%2Fhome";
    std::string const body = "Open " + link + "\n" + std::string(5000, 'x') + "\n";
    auto const text = format({ "a@example.org", "", subject, body });
    expect_lines_within(text, 78);
    auto const parsed = parse(text);
    EXPECT_EQ(decode_header(header(parsed, "Subject")), subject.substr(0, 900)) << "cut at the header text limit";
    // Regression: words after the first fold were a third full. 900 octets fill 20 words of 45.
    auto const subject_start = text.find("Subject: ");
    auto const subject_lines = text.substr(subject_start, text.find("\r\nMessage-ID") - subject_start);
    EXPECT_LE(std::count(subject_lines.begin(), subject_lines.end(), '\n'), 20);
    EXPECT_EQ(decode_quoted_printable(parsed.body), "Open " + link + "\r\n" + std::string(5000, 'x') + "\r\n");
}

TEST(MailMessage, QuotedPrintableRoundTripsAwkwardText)
{
    std::string const body = "a=b\ttab\ntrailing space \ntrailing tab\t\n.leading dot\nGrüße 日本語 \x01\x7F\r\nend";
    auto const encoded = mail::encode_quoted_printable(body);
    expect_lines_within(encoded, 76);
    EXPECT_NE(encoded.find("=3D"), std::string::npos);
    EXPECT_NE(encoded.find("space=20\r\n"), std::string::npos);
    EXPECT_NE(encoded.find("\r\n=2Eleading"), std::string::npos);
    std::string expected = "a=b\ttab\r\ntrailing space \r\ntrailing tab\t\r\n.leading dot\r\nGrüße 日本語 \x01\x7F\r\nend\r\n";
    EXPECT_EQ(decode_quoted_printable(encoded), expected);
}

TEST(MailMessage, HeaderInjectionInNamesAndSubjectIsNeutralised)
{
    struct Case {
        char const* what;
        MailMessage message;
        std::string from_name;
    };
    Case const cases[] = {
        { "subject CRLF", { "a@example.org", "Ada", "Hi\r\nBcc: victim@example.net", "x" }, "Tribune" },
        { "subject LF", { "a@example.org", "Ada", "Hi\nBcc: victim@example.net", "x" }, "Tribune" },
        { "subject CR", { "a@example.org", "Ada", "Hi\rBcc: victim@example.net", "x" }, "Tribune" },
        { "to name", { "a@example.org", "Ada\r\nBcc: victim@example.net", "Hi", "x" }, "Tribune" },
        { "from name", { "a@example.org", "Ada", "Hi", "x" }, "Tribune\r\nBcc: victim@example.net" },
        { "body break-out", { "a@example.org", "Ada", "Hi\r\n\r\nfake body", "x" }, "Tribune" },
        { "NUL and escape", { "a@example.org", std::string("Ada\0\x1b[31m", 9), "Hi", "x" }, "Tribune" },
        { "non-ASCII with CRLF", { "a@example.org", "Zoë\r\nBcc: victim@example.net", "Hé\r\nBcc: x@y.z", "x" }, "Tribune" },
    };
    for (auto const& c : cases) {
        auto const text = format(c.message, c.from_name);
        auto const parsed = parse(text);
        EXPECT_EQ(parsed.headers.size(), 9u) << c.what;
        for (auto const& [name, value] : parsed.headers) {
            EXPECT_NE(name, "Bcc") << c.what;
            for (char ch : value)
                EXPECT_FALSE(static_cast<unsigned char>(ch) < 0x20 || ch == 0x7F) << c.what << ": control in " << name;
        }
        EXPECT_EQ(parsed.body, "x\r\n") << c.what;
    }
    // Decoded, the text is still there, harmlessly on one line.
    auto const parsed = parse(format({ "a@example.org", "", "Hé\r\nBcc: x@y.z", "x" }));
    EXPECT_EQ(decode_header(header(parsed, "Subject")), "Hé  Bcc: x@y.z");
}

TEST(MailMessage, InvalidUtf8BecomesReplacementCharacters)
{
    auto const parsed = parse(format({ "a@example.org", "", "bad \xC3\x28 and \xED\xA0\x80 end", "x" }));
    EXPECT_EQ(decode_header(header(parsed, "Subject")), "bad \xEF\xBF\xBD( and \xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD end");
}

TEST(MailMessage, AddressesAreCheckedStrictly)
{
    struct Case {
        std::string address;
        bool valid;
    };
    Case const cases[] = {
        { "ada@example.org", true },
        { "ada.lovelace+tribune@mail.example.co.uk", true },
        { "o'brien@example.org", true },
        { "root@localhost", true },
        { "", false },
        { "ada", false },
        { "ada@", false },
        { "@example.org", false },
        { "ada@@example.org", false },
        { "ada@b@example.org", false },
        { "ada@example.org\r\nBcc: victim@example.net", false },
        { "ada@example.org\n", false },
        { "ada\r@example.org", false },
        { "ada @example.org", false },
        { "ada@exa mple.org", false },
        { "<ada@example.org>", false },
        { "ada@example.org>, victim@example.net", false },
        { "\"ada\"@example.org", false },
        { ".ada@example.org", false },
        { "ada..b@example.org", false },
        { "ada@example..org", false },
        { "ada@-example.org", false },
        { "ada@example.org.", false },
        { "zoë@example.org", false },
        { std::string("ada\0@example.org", 16), false },
        { std::string(250, 'a') + "@example.org", false },
    };
    for (auto const& c : cases) {
        EXPECT_EQ(mail::is_valid_address(c.address), c.valid) << c.address;
        auto const checked = mail::check_message({ c.address, "", "Hi", "x" });
        EXPECT_EQ(checked.has_value(), c.valid) << c.address;
        if (!checked) {
            EXPECT_EQ(checked.error().kind, core::ErrorKind::Invalid);
            EXPECT_EQ(checked.error().field, "email");
        }
    }
}

TEST(MailMessage, FormattingRefusesInvalidAddressesAndMessageIds)
{
    EXPECT_THROW(format({ "a@example.org\r\nBcc: v@example.net", "", "Hi", "x" }), std::invalid_argument);
    EXPECT_THROW(mail::format_rfc5322({ "a@example.org", "", "Hi", "x" }, "bad\n@example.org", "", a_date, a_message_id),
        std::invalid_argument);
    EXPECT_THROW(mail::format_rfc5322({ "a@example.org", "", "Hi", "x" }, "n@example.org", "", a_date, "<a\r\nBcc: x@y>"),
        std::invalid_argument);
    EXPECT_THROW(mail::format_rfc5322({ "a@example.org", "", "Hi", "x" }, "n@example.org", "", a_date, "no-brackets"),
        std::invalid_argument);
}

TEST(MailMessage, MessageIdsAreUniqueAndUseTheSendersDomain)
{
    auto const first = mail::make_message_id("noreply@tribune.example", a_date);
    auto const second = mail::make_message_id("noreply@tribune.example", a_date);
    EXPECT_NE(first, second);
    EXPECT_TRUE(first.starts_with("<") && first.ends_with(".1795941000@tribune.example>")) << first;
    EXPECT_NO_THROW(format({ "a@example.org", "", "Hi", "x" }));
    EXPECT_NO_THROW(mail::format_rfc5322({ "a@example.org", "", "Hi", "x" }, "n@example.org", "", a_date, first));
}

TEST(MailMessage, DatesFollowRfc5322)
{
    EXPECT_EQ(mail::format_mail_date(0), "Thu, 01 Jan 1970 00:00:00 +0000");
    EXPECT_EQ(mail::format_mail_date(a_date), "Sun, 29 Nov 2026 08:30:00 +0000");
}

TEST(MailMessage, LogValuesHaveControlsEncoded)
{
    EXPECT_EQ(mail::printable_for_log("a\r\nb\x1b\\"), "a\\x0d\\x0ab\\x1b\\x5c");
    EXPECT_EQ(mail::printable_for_log("Zoë"), "Zoë");
}

}
