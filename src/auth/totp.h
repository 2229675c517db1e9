// Time-based one-time passwords (RFC 6238, HMAC-SHA1, 30-second steps, 6 digits), the codes
// authenticator apps show. Pure functions over a secret and a time; codes are computed by
// liboath. Thread-safe. Remembering which step was last used, so that a code works once,
// is the caller's job (TwoFactorStore::record_used_step).
#pragma once

#include "core/clock.h"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace auth {

inline constexpr int totp_period_seconds = 30;
inline constexpr int totp_digits = 6;
// RFC 4226 section 4 asks for at least 128 bits and recommends 160.
inline constexpr std::size_t totp_secret_bytes = 20;

// A fresh 160-bit secret from the CSPRNG.
std::vector<unsigned char> new_totp_secret();

// RFC 6238 section 4: T = floor((time - T0) / X), with T0 = 0 and X = 30 s.
std::int64_t totp_step(core::UnixTime time);

// The code for the step containing `time`, zero-padded to `digits` (6 to 8).
std::string totp_code(std::span<unsigned char const> secret, core::UnixTime time, int digits = totp_digits);

// The step whose code `code` is, when it is the code of the step containing `now` or of
// one step either side (clock drift) AND that step is later than `last_used_step`, so an
// accepted code is never accepted again. Spaces are ignored ("123 456"); anything else
// that is not a digit, or the wrong number of digits, is refused.
std::optional<std::int64_t> verify_totp(std::span<unsigned char const> secret, std::string_view code, core::UnixTime now,
    std::int64_t last_used_step, int digits = totp_digits);

// RFC 4648 section 6 base32, upper case, without padding: how authenticator apps take keys.
std::string base32_encode(std::span<unsigned char const> bytes);

// The Key URI authenticator apps scan (github.com/google/google-authenticator/wiki/Key-Uri-Format):
// otpauth://totp/Issuer:account?secret=...&issuer=...&algorithm=SHA1&digits=6&period=30.
std::string otpauth_uri(std::string_view issuer, std::string_view account_name, std::span<unsigned char const> secret);

}
