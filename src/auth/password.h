// Password hashing with argon2id (libsodium's crypto_pwhash_str), at or above OWASP's
// minimum. Blocking and deliberately slow: call from a worker pool, not an I/O thread.
#pragma once

#include <string>
#include <string_view>

namespace auth {

struct PasswordParameters {
    unsigned long long ops_limit = 3; // t
    std::size_t mem_limit = 64ull * 1024 * 1024; // m, bytes
};

std::string hash_password(std::string_view password, PasswordParameters const& parameters = {});
bool verify_password(std::string_view hash, std::string_view password);
// True when the hash was made with weaker parameters than `parameters` (rehash on sign-in).
bool password_needs_rehash(std::string_view hash, PasswordParameters const& parameters = {});

}
