#include "mail/mail_message.h"

#include <array>
#include <cstdint>
#include <fmt/format.h>
#include <sodium.h>
#include <stdexcept>

namespace mail {

namespace {

// RFC 5322 section 2.1.1: lines SHOULD stay within 78 octets, MUST within 998.
constexpr std::size_t max_header_line = 78;
// RFC 2045 section 6.7 rule 5: encoded lines are at most 76 octets.
constexpr std::size_t max_encoded_line = 76;
// RFC 5321 section 4.5.3.1.1.
constexpr std::size_t max_local_part_length = 64;
// "=?utf-8?B?" and "?=" around every encoded-word.
constexpr std::string_view encoded_word_prefix = "=?utf-8?B?";
constexpr std::string_view encoded_word_suffix = "?=";
// RFC 2047 section 2: an encoded-word is at most 75 octets.
constexpr std::size_t max_encoded_word = 75;
// A word shorter than this would carry too few characters; such a header line runs long instead.
constexpr std::size_t min_word_room = 40;
// The display name of the sender, the recipient or the subject: long enough for any
// sensible value, short enough that a hostile one cannot make a huge header.
constexpr std::size_t max_header_text_octets = 900;

constexpr std::string_view hex_digits = "0123456789ABCDEF";
constexpr std::string_view lower_hex_digits = "0123456789abcdef";

bool is_atext(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || std::string_view("!#$%&'*+-/=?^_`{|}~").find(c) != std::string_view::npos;
}

bool is_label_character(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
}

// Length of the UTF-8 sequence starting at text[i], or 0 when it is malformed
// (overlong forms, surrogates and code points past U+10FFFF included).
std::size_t utf8_sequence_length(std::string_view text, std::size_t i, char32_t& code_point)
{
    auto const byte = [&](std::size_t k) { return static_cast<unsigned char>(text[i + k]); };
    unsigned char const lead = byte(0);
    std::size_t length = 0;
    char32_t minimum = 0;
    if (lead < 0x80) {
        code_point = lead;
        return 1;
    } else if ((lead & 0xE0) == 0xC0) {
        length = 2, code_point = lead & 0x1F, minimum = 0x80;
    } else if ((lead & 0xF0) == 0xE0) {
        length = 3, code_point = lead & 0x0F, minimum = 0x800;
    } else if ((lead & 0xF8) == 0xF0) {
        length = 4, code_point = lead & 0x07, minimum = 0x10000;
    } else {
        return 0;
    }
    if (i + length > text.size())
        return 0;
    for (std::size_t k = 1; k < length; ++k) {
        if ((byte(k) & 0xC0) != 0x80)
            return 0;
        code_point = (code_point << 6) | (byte(k) & 0x3F);
    }
    if (code_point < minimum || code_point > 0x10FFFF || (code_point >= 0xD800 && code_point <= 0xDFFF))
        return 0;
    return length;
}

// Valid UTF-8 with no control characters (C0, DEL, C1: each becomes a space), no
// surrounding blanks, cut at a character boundary when too long.
std::string clean_header_text(std::string_view text)
{
    std::string clean;
    for (std::size_t i = 0; i < text.size();) {
        char32_t code_point = 0;
        auto const length = utf8_sequence_length(text, i, code_point);
        std::string_view piece;
        if (length == 0)
            piece = "\xEF\xBF\xBD"; // U+FFFD REPLACEMENT CHARACTER
        else if (code_point < 0x20 || (code_point >= 0x7F && code_point <= 0x9F))
            piece = " ";
        else
            piece = text.substr(i, length);
        if (clean.size() + piece.size() > max_header_text_octets)
            break;
        clean += piece;
        i += length == 0 ? 1 : length;
    }
    auto const first = clean.find_first_not_of(' ');
    if (first == std::string::npos)
        return {};
    return clean.substr(first, clean.find_last_not_of(' ') - first + 1);
}

std::string base64(std::string_view bytes)
{
    constexpr std::string_view alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    for (std::size_t i = 0; i < bytes.size(); i += 3) {
        std::uint32_t group = static_cast<unsigned char>(bytes[i]) << 16;
        if (i + 1 < bytes.size())
            group |= static_cast<unsigned char>(bytes[i + 1]) << 8;
        if (i + 2 < bytes.size())
            group |= static_cast<unsigned char>(bytes[i + 2]);
        out += alphabet[(group >> 18) & 63];
        out += alphabet[(group >> 12) & 63];
        out += i + 1 < bytes.size() ? alphabet[(group >> 6) & 63] : '=';
        out += i + 2 < bytes.size() ? alphabet[group & 63] : '=';
    }
    return out;
}

std::size_t last_line_length(std::string_view text, std::size_t used)
{
    auto const line_break = text.rfind("\r\n");
    return line_break == std::string_view::npos ? used + text.size() : text.size() - line_break - 2;
}

bool is_short_plain_ascii(std::string_view text, std::size_t used)
{
    if (used + text.size() > max_header_line || text.find("=?") != std::string_view::npos)
        return false;
    for (char c : text) {
        if (c < 0x20 || c > 0x7E)
            return false;
    }
    return true;
}

// RFC 2047: encoded-words of whole UTF-8 characters (section 5), each at most 75 octets,
// separated by folding whitespace so that no line passes 78 octets.
std::string encoded_words(std::string_view text, std::size_t used)
{
    std::string out;
    std::size_t line = used;
    for (std::size_t i = 0; i < text.size();) {
        if (!out.empty()) {
            out += "\r\n ";
            line = 1;
        }
        std::size_t const room = std::min(max_encoded_word, line + min_word_room < max_header_line ? max_header_line - line : min_word_room);
        std::size_t take = std::min((room - encoded_word_prefix.size() - encoded_word_suffix.size()) / 4 * 3, text.size() - i);
        // Back off to a character boundary: a continuation byte is 10xxxxxx.
        while (i + take < text.size() && (static_cast<unsigned char>(text[i + take]) & 0xC0) == 0x80)
            --take;
        auto const word = fmt::format("{}{}{}", encoded_word_prefix, base64(text.substr(i, take)), encoded_word_suffix);
        out += word;
        line += word.size();
        i += take;
    }
    return out;
}

// A display name as an RFC 5322 phrase: a quoted-string when it is short ASCII,
// encoded-words otherwise.
std::string encode_display_name(std::string_view name, std::size_t used)
{
    auto const clean = clean_header_text(name);
    if (!is_short_plain_ascii(clean, used + 2))
        return encoded_words(clean, used);
    std::string quoted = "\"";
    for (char c : clean) {
        if (c == '"' || c == '\\')
            quoted += '\\';
        quoted += c;
    }
    return quoted + '"';
}

// "Name: value" for an address header: the phrase, then <address>, folded before the
// address when the line would pass 78 octets.
std::string address_header(std::string_view header, std::string_view name, std::string_view address)
{
    if (!is_valid_address(address))
        throw std::invalid_argument(fmt::format("{} address is not a valid address", header));
    auto const used = header.size() + 2;
    auto line = fmt::format("{}: ", header);
    if (clean_header_text(name).empty())
        return fmt::format("{}{}\r\n", line, address);
    auto const phrase = encode_display_name(name, used);
    auto const fold = last_line_length(phrase, used) + address.size() + 3 > max_header_line;
    return fmt::format("{}{}{}<{}>\r\n", line, phrase, fold ? "\r\n " : " ", address);
}

}

bool is_valid_address(std::string_view address)
{
    if (address.size() > max_address_length)
        return false;
    auto const at = address.find('@');
    if (at == std::string_view::npos || address.find('@', at + 1) != std::string_view::npos)
        return false;
    auto const local = address.substr(0, at);
    auto const domain = address.substr(at + 1);
    if (local.empty() || local.size() > max_local_part_length || local.front() == '.' || local.back() == '.'
        || local.find("..") != std::string_view::npos)
        return false;
    for (char c : local) {
        if (c != '.' && !is_atext(c))
            return false;
    }
    // Domain: labels of letters, digits and inner hyphens, separated by single dots.
    std::size_t label_start = 0;
    for (std::size_t i = 0; i <= domain.size(); ++i) {
        if (i < domain.size() && domain[i] != '.') {
            if (!is_label_character(domain[i]))
                return false;
            continue;
        }
        auto const label = domain.substr(label_start, i - label_start);
        if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-')
            return false;
        label_start = i + 1;
    }
    return true;
}

core::Result<void> check_message(MailMessage const& message)
{
    if (!is_valid_address(message.to_address))
        return core::fail(core::ErrorKind::Invalid, "Enter an e-mail address like name@example.org.", "email");
    return {};
}

std::string format_mail_date(core::UnixTime time)
{
    // Same fields as RFC 1123; RFC 5322 section 4.3 makes "GMT" obsolete in favour of +0000.
    auto date = core::format_rfc1123(time);
    return date.substr(0, date.size() - 3) + "+0000";
}

std::string encode_header_text(std::string_view text, std::size_t used)
{
    auto const clean = clean_header_text(text);
    if (is_short_plain_ascii(clean, used))
        return clean;
    return encoded_words(clean, used);
}

std::string encode_quoted_printable(std::string_view text)
{
    std::string out;
    std::size_t column = 0;
    auto const emit = [&](std::string_view token) {
        // Keep one column for the '=' of a soft line break.
        if (column + token.size() > max_encoded_line - 1) {
            out += "=\r\n";
            column = 0;
        }
        // A '.' opening a line would need SMTP dot-stuffing; encoding it is safe everywhere.
        if (column == 0 && token == ".")
            token = "=2E";
        out += token;
        column += token.size();
    };
    auto const encoded = [](unsigned char c) {
        return std::string { '=', hex_digits[c >> 4], hex_digits[c & 15] };
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        unsigned char const c = static_cast<unsigned char>(text[i]);
        if (c == '\r' || c == '\n') {
            if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n')
                ++i;
            out += "\r\n";
            column = 0;
            continue;
        }
        bool const line_ends = i + 1 == text.size() || text[i + 1] == '\r' || text[i + 1] == '\n';
        bool const literal = (c >= 33 && c <= 126 && c != '=') || ((c == ' ' || c == '\t') && !line_ends);
        emit(literal ? std::string(1, static_cast<char>(c)) : encoded(c));
    }
    if (!out.ends_with("\r\n"))
        out += "\r\n";
    return out;
}

std::string make_message_id(std::string_view from_address, core::UnixTime now)
{
    std::array<unsigned char, 16> random {};
    randombytes_buf(random.data(), random.size());
    std::string id;
    for (unsigned char c : random) {
        id += lower_hex_digits[c >> 4];
        id += lower_hex_digits[c & 15];
    }
    auto const at = from_address.find('@');
    auto const domain = is_valid_address(from_address) ? from_address.substr(at + 1) : std::string_view("tribune.invalid");
    return fmt::format("<{}.{}@{}>", id, now, domain);
}

std::string format_rfc5322(MailMessage const& message, std::string const& from_address, std::string const& from_name,
    core::UnixTime date, std::string const& message_id)
{
    if (message_id.size() < 5 || message_id.size() > max_header_line || message_id.front() != '<' || message_id.back() != '>'
        || message_id.find('@') == std::string::npos)
        throw std::invalid_argument("Message-ID is not <id@domain>");
    for (char c : message_id) {
        if (c <= ' ' || c > '~')
            throw std::invalid_argument("Message-ID holds a blank or control character");
    }
    std::string text;
    text += fmt::format("Date: {}\r\n", format_mail_date(date));
    text += address_header("From", from_name, from_address);
    text += address_header("To", message.to_name, message.to_address);
    text += fmt::format("Subject: {}\r\n", encode_header_text(message.subject, std::string_view("Subject: ").size()));
    text += fmt::format("Message-ID: {}\r\n", message_id);
    text += "MIME-Version: 1.0\r\n";
    text += "Content-Type: text/plain; charset=utf-8\r\n";
    text += "Content-Transfer-Encoding: quoted-printable\r\n";
    // RFC 3834: machine-made mail, so auto-responders do not answer it.
    text += "Auto-Submitted: auto-generated\r\n";
    text += "\r\n";
    text += encode_quoted_printable(message.text_body);
    return text;
}

std::string printable_for_log(std::string_view text)
{
    std::string out;
    for (char c : text) {
        auto const byte = static_cast<unsigned char>(c);
        if (byte < 0x20 || byte == 0x7F || c == '\\')
            out += fmt::format("\\x{:02x}", byte);
        else
            out += c;
    }
    return out;
}

}
