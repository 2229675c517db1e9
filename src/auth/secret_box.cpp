#include "auth/secret_box.h"

#include "auth/key_file.h"
#include "auth/random.h"

#include <sodium.h>

#include <cstring>
#include <stdexcept>

namespace auth {

namespace {

static_assert(SecretBox::key_bytes == crypto_secretbox_KEYBYTES);
static_assert(SecretBox::key_bytes == key_file_bytes);

constexpr auto base64_variant = sodium_base64_VARIANT_ORIGINAL;

}

void SecretBox::FreeKey::operator()(unsigned char* key) const
{
    sodium_free(key); // zeroes before unmapping
}

SecretBox::SecretBox(std::span<unsigned char const> key)
{
    if (key.size() != key_bytes)
        throw std::invalid_argument("a secret box key has 32 bytes");
    if (sodium_init() < 0)
        throw std::runtime_error("libsodium could not be initialised");
    auto* memory = static_cast<unsigned char*>(sodium_malloc(key_bytes));
    if (!memory)
        throw std::bad_alloc();
    m_key.reset(memory);
    std::memcpy(memory, key.data(), key_bytes);
    sodium_mprotect_readonly(memory);
}

SecretBox SecretBox::from_key(std::span<unsigned char const> key)
{
    return SecretBox(key);
}

SecretBox SecretBox::load_or_create(std::filesystem::path const& key_file)
{
    auto key = load_or_create_key_file(key_file);
    SecretBox box(key);
    sodium_memzero(key.data(), key.size());
    return box;
}

std::string SecretBox::seal(std::span<unsigned char const> plaintext) const
{
    std::vector<unsigned char> sealed(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + plaintext.size());
    auto* nonce = sealed.data();
    random_bytes({ nonce, crypto_secretbox_NONCEBYTES });
    crypto_secretbox_easy(sealed.data() + crypto_secretbox_NONCEBYTES, plaintext.data(), plaintext.size(), nonce, m_key.get());
    std::string text(sodium_base64_ENCODED_LEN(sealed.size(), base64_variant), '\0');
    sodium_bin2base64(text.data(), text.size(), sealed.data(), sealed.size(), base64_variant);
    text.resize(text.find('\0'));
    return text;
}

std::optional<std::vector<unsigned char>> SecretBox::open(std::string_view sealed) const
{
    if (sealed.empty())
        return std::nullopt;
    std::vector<unsigned char> bytes(sealed.size());
    std::size_t length = 0;
    char const* end = nullptr;
    if (sodium_base642bin(bytes.data(), bytes.size(), sealed.data(), sealed.size(), nullptr, &length, &end, base64_variant) != 0
        || end != sealed.data() + sealed.size())
        return std::nullopt;
    if (length < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES)
        return std::nullopt;
    std::vector<unsigned char> plaintext(length - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES);
    if (crypto_secretbox_open_easy(plaintext.data(), bytes.data() + crypto_secretbox_NONCEBYTES, length - crypto_secretbox_NONCEBYTES,
            bytes.data(), m_key.get())
        != 0)
        return std::nullopt;
    return plaintext;
}

}
