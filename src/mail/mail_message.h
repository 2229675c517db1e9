// A mail as Tribune writes it: one plain-text UTF-8 part to one recipient, and its
// RFC 5322 text. Header values are made safe here (SECURITY.md 10): control characters
// in names and subjects become spaces, non-ASCII becomes RFC 2047 encoded-words, and an
// address that could smuggle a header (CR, LF, spaces, no or several '@') is refused.
// Pure functions; thread-safe.
#pragma once

#include "core/clock.h"
#include "core/error.h"

#include <string>
#include <string_view>

namespace mail {

// The address and subject appear in logs; anything secret (a sign-in link) goes in the body.
struct MailMessage {
    std::string to_address;
    std::string to_name;
    std::string subject;
    std::string text_body;
};

// Longest address accepted (RFC 5321 section 4.5.3.1.3: a path holds at most 256 octets).
constexpr std::size_t max_address_length = 254;

// True for a plain ASCII addr-spec "local@domain": exactly one '@', a non-empty local part
// of atext and dots, a domain of letters, digits, '-' and '.'. Quoted local parts and
// international addresses are refused: they need SMTPUTF8, which is not worth the risk.
bool is_valid_address(std::string_view address);

// Invalid (field "email") when the recipient address is refused; the outbox calls it so
// a bad address never gets in.
core::Result<void> check_message(MailMessage const& message);

// The message as sent: Date, From, To, Subject, Message-ID, MIME headers, then the body
// in quoted-printable. CRLF line endings, no line over 78 octets. Throws
// std::invalid_argument when an address is invalid (check_message should have refused it).
std::string format_rfc5322(MailMessage const& message, std::string const& from_address, std::string const& from_name,
    core::UnixTime date, std::string const& message_id);

// A fresh "<random.time@domain>" for the Message-ID header, the domain taken from the
// sender's address.
std::string make_message_id(std::string_view from_address, core::UnixTime now);

// RFC 5322 section 3.3 date, e.g. "Sun, 29 Nov 2026 08:30:00 +0000".
std::string format_mail_date(core::UnixTime time);

// A header value ready for "Name: value": controls replaced by spaces, invalid UTF-8 by
// U+FFFD, then RFC 2047 B-encoded words (folded with CRLF SP) when it is not short ASCII.
// `used` is how many octets the header name and ": " already take on the first line.
std::string encode_header_text(std::string_view text, std::size_t used);

// RFC 2045 section 6.7 quoted-printable of a text body: line breaks become CRLF, lines are
// at most 76 octets (soft breaks), '=', controls, non-ASCII and trailing blanks are encoded.
std::string encode_quoted_printable(std::string_view text);

// Control characters (CR, LF, escape...) shown as \xNN, so a value cannot forge log lines.
std::string printable_for_log(std::string_view text);

}
