#include "auth/random.h"

#include <mutex>
#include <sodium.h>
#include <stdexcept>

namespace auth {

namespace {

void ensure_sodium()
{
    static std::once_flag once;
    std::call_once(once, [] {
        if (sodium_init() < 0)
            throw std::runtime_error("libsodium could not be initialised");
    });
}

}

void random_bytes(std::span<unsigned char> out)
{
    ensure_sodium();
    randombytes_buf(out.data(), out.size());
}

std::string random_token(std::size_t bytes)
{
    std::string raw(bytes, '\0');
    random_bytes({ reinterpret_cast<unsigned char*>(raw.data()), raw.size() });
    std::string encoded(sodium_base64_ENCODED_LEN(bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
    sodium_bin2base64(encoded.data(), encoded.size(), reinterpret_cast<unsigned char const*>(raw.data()), raw.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_memzero(raw.data(), raw.size());
    encoded.resize(encoded.find('\0'));
    return encoded;
}

std::string token_hash(std::string_view token)
{
    ensure_sodium();
    unsigned char digest[crypto_generichash_BYTES];
    crypto_generichash(digest, sizeof digest, reinterpret_cast<unsigned char const*>(token.data()), token.size(), nullptr, 0);
    std::string hex(sizeof digest * 2 + 1, '\0');
    sodium_bin2hex(hex.data(), hex.size(), digest, sizeof digest);
    hex.pop_back();
    return hex;
}

bool equal_in_constant_time(std::string_view a, std::string_view b)
{
    if (a.size() != b.size())
        return false;
    return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}
