#include "auth/password.h"

#include <mutex>
#include <sodium.h>
#include <stdexcept>

namespace auth {

namespace {

void initialise_sodium()
{
    static std::once_flag once;
    // sodium_init picks the fastest implementations and seeds the random generator; it
    // must run before any other libsodium call, once, and tolerates repeats (returns 1).
    std::call_once(once, [] {
        if (sodium_init() < 0)
            throw std::runtime_error("libsodium could not be initialised");
    });
}

// libsodium reads the password as a pointer and length; an empty view may have a null
// pointer, which argon2 rejects even with length 0.
char const* bytes_of(std::string_view password)
{
    return password.empty() ? "" : password.data();
}

}

std::string hash_password(std::string_view password, PasswordParameters const& parameters)
{
    initialise_sodium();
    char hash[crypto_pwhash_STRBYTES];
    // The output is a self-describing PHC string ($argon2id$v=19$m=...,t=...,p=1$salt$hash)
    // with a fresh random salt, so verify and needs_rehash need nothing else.
    if (crypto_pwhash_str_alg(hash, bytes_of(password), password.size(), parameters.ops_limit, parameters.mem_limit, crypto_pwhash_ALG_ARGON2ID13) != 0)
        throw std::runtime_error("password hashing failed (out of memory, or parameters below libsodium's minimum)");
    return std::string(hash);
}

bool verify_password(std::string_view hash, std::string_view password)
{
    initialise_sodium();
    // libsodium wants a NUL-terminated string; the copy also bounds what it reads.
    std::string const terminated(hash);
    return crypto_pwhash_str_verify(terminated.c_str(), bytes_of(password), password.size()) == 0;
}

bool password_needs_rehash(std::string_view hash, PasswordParameters const& parameters)
{
    initialise_sodium();
    std::string const terminated(hash);
    // The argon2id variant answers -1 for anything that is not argon2id (an older
    // algorithm, a malformed string): those need a new hash too. Note that libsodium
    // reports any difference in parameters, lower ones included, not only weaker ones.
    return crypto_pwhash_argon2id_str_needs_rehash(terminated.c_str(), parameters.ops_limit, parameters.mem_limit) != 0;
}

}
