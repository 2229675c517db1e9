#include "auth/totp.h"

#include "auth/random.h"
#include "core/percent_encoding.h"

#include <liboath/oath.h>

#include <array>
#include <mutex>
#include <stdexcept>
#include <string>

namespace auth {

namespace {

// Longer input is refused before any work: no code has this many characters, spaces included.
constexpr std::size_t longest_typed_code = 32;

void ensure_oath()
{
    static std::once_flag once;
    std::call_once(once, [] {
        if (oath_init() != OATH_OK)
            throw std::runtime_error("liboath could not be initialised");
    });
}

// The digits of a typed code without its spaces, or nullopt when it holds anything else.
std::optional<std::string> code_digits(std::string_view typed, int digits)
{
    if (typed.size() > longest_typed_code)
        return std::nullopt;
    std::string out;
    for (char const c : typed) {
        if (c == ' ')
            continue;
        if (c < '0' || c > '9')
            return std::nullopt;
        out += c;
    }
    if (out.size() != static_cast<std::size_t>(digits))
        return std::nullopt;
    return out;
}

std::string code_for_step(std::span<unsigned char const> secret, std::int64_t step, int digits)
{
    ensure_oath();
    if (digits < 6 || digits > 8)
        throw std::invalid_argument("TOTP codes have 6 to 8 digits");
    std::array<char, 9> out {};
    // liboath takes the time, not the step: the step's first second maps back to it exactly.
    auto const rc = oath_totp_generate(reinterpret_cast<char const*>(secret.data()), secret.size(),
        static_cast<time_t>(step * totp_period_seconds), totp_period_seconds, 0, static_cast<unsigned>(digits), out.data());
    if (rc != OATH_OK)
        throw std::runtime_error(std::string("TOTP generation failed: ") + oath_strerror(rc));
    return std::string(out.data());
}

}

std::vector<unsigned char> new_totp_secret()
{
    std::vector<unsigned char> secret(totp_secret_bytes);
    random_bytes(secret);
    return secret;
}

std::int64_t totp_step(core::UnixTime time)
{
    // floor, not truncation, so times before 1970 do not share step 0.
    auto const step = time / totp_period_seconds;
    return (time % totp_period_seconds < 0) ? step - 1 : step;
}

std::string totp_code(std::span<unsigned char const> secret, core::UnixTime time, int digits)
{
    return code_for_step(secret, totp_step(time), digits);
}

std::optional<std::int64_t> verify_totp(std::span<unsigned char const> secret, std::string_view code, core::UnixTime now,
    std::int64_t last_used_step, int digits)
{
    auto const typed = code_digits(code, digits);
    if (!typed)
        return std::nullopt;
    // RFC 6238 section 5.2: accept one step of drift either way, and no more.
    auto const current = totp_step(now);
    std::optional<std::int64_t> matched;
    for (auto step = current - 1; step <= current + 1; ++step) {
        // Every candidate is computed and compared, so timing does not tell which one matched.
        bool const equal = equal_in_constant_time(code_for_step(secret, step, digits), *typed);
        if (equal && step > last_used_step && !matched)
            matched = step;
    }
    return matched;
}

std::string base32_encode(std::span<unsigned char const> bytes)
{
    static constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    std::string out;
    out.reserve((bytes.size() * 8 + 4) / 5);
    unsigned buffer = 0;
    int bits = 0;
    for (unsigned char const byte : bytes) {
        buffer = (buffer << 8) | byte;
        bits += 8;
        while (bits >= 5) {
            out += alphabet[(buffer >> (bits - 5)) & 0x1f];
            bits -= 5;
        }
    }
    if (bits > 0)
        out += alphabet[(buffer << (5 - bits)) & 0x1f];
    return out;
}

std::string otpauth_uri(std::string_view issuer, std::string_view account_name, std::span<unsigned char const> secret)
{
    // The label's colon stays literal: apps split issuer and account on it, and any colon
    // inside either is percent-encoded, so it cannot be confused with the separator.
    return "otpauth://totp/" + core::percent_encode(issuer) + ":" + core::percent_encode(account_name)
        + "?secret=" + base32_encode(secret) + "&issuer=" + core::percent_encode(issuer)
        + "&algorithm=SHA1&digits=" + std::to_string(totp_digits) + "&period=" + std::to_string(totp_period_seconds);
}

}
