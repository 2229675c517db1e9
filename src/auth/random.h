// The one source of secrets: every token, code and key Tribune makes comes from libsodium's
// CSPRNG through these functions, and every token that is stored is stored as its hash.
// Thread-safe.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>

namespace auth {

// Fills `out` with cryptographically secure random bytes.
void random_bytes(std::span<unsigned char> out);
// `bytes` random bytes as unpadded base64url (32 bytes: 256 bits, 43 characters).
std::string random_token(std::size_t bytes = 32);
// Hex BLAKE2b-256 of a token, for storing tokens that only need to be recognised again.
// Tokens carry 128 bits or more, so a fast hash is enough (unlike passwords).
std::string token_hash(std::string_view token);
// Compares two strings in time that depends only on their lengths.
bool equal_in_constant_time(std::string_view a, std::string_view b);

}
