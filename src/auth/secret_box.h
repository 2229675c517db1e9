// Seals small secrets (TOTP seeds) for storage in the database with a server key that lives
// in a file outside it, so a leaked database or backup does not give away the seeds
// (SECURITY.md point 4). XSalsa20-Poly1305 (libsodium crypto_secretbox) with a fresh random
// nonce per seal; sealed text is base64 of nonce + ciphertext. The key is held in
// sodium_malloc'd memory (guard pages, read-only, zeroed when freed). Thread-safe once loaded.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace auth {

class SecretBox {
public:
    inline static constexpr std::size_t key_bytes = 32;

    // Reads the key file (32 raw bytes, or 64 hex digits with optional trailing whitespace),
    // or creates it with mode 0600 and a fresh random key when it does not exist. Creation is
    // atomic: two processes starting together end up with the same key. Throws
    // std::runtime_error with a one-line message naming the file when it cannot read,
    // create, or make sense of it.
    static SecretBox load_or_create(std::filesystem::path const& key_file);
    // A box with a key held elsewhere (tests, key rotation). Throws when the size is wrong.
    static SecretBox from_key(std::span<unsigned char const> key);

    SecretBox(SecretBox&&) noexcept = default;
    SecretBox& operator=(SecretBox&&) noexcept = default;
    ~SecretBox() = default;

    // The sealed form of `plaintext`; sealing the same bytes twice gives different text.
    std::string seal(std::span<unsigned char const> plaintext) const;
    // The plaintext, or nullopt when the text is malformed, was altered, or was sealed with
    // another key.
    std::optional<std::vector<unsigned char>> open(std::string_view sealed) const;

private:
    struct FreeKey {
        void operator()(unsigned char* key) const;
    };
    explicit SecretBox(std::span<unsigned char const> key);

    std::unique_ptr<unsigned char, FreeKey> m_key;
};

}
