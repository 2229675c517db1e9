#include "auth/secret_box.h"

#include "auth/random.h"

#include <sodium.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <stdexcept>
#include <sys/stat.h>
#include <unistd.h>

namespace auth {

namespace {

static_assert(SecretBox::key_bytes == crypto_secretbox_KEYBYTES);

constexpr auto base64_variant = sodium_base64_VARIANT_ORIGINAL;
// Larger key files are refused without reading them: no valid one comes close.
constexpr off_t largest_key_file = 256;

[[noreturn]] void fail(std::filesystem::path const& file, std::string const& what)
{
    throw std::runtime_error("secret key file " + file.string() + ": " + what);
}

[[noreturn]] void fail_errno(std::filesystem::path const& file, std::string const& what)
{
    fail(file, what + ": " + std::strerror(errno));
}

// Closes a file descriptor when it goes out of scope.
class FileDescriptor {
public:
    explicit FileDescriptor(int fd)
        : m_fd(fd)
    {
    }
    ~FileDescriptor()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    FileDescriptor(FileDescriptor const&) = delete;
    FileDescriptor& operator=(FileDescriptor const&) = delete;
    int get() const { return m_fd; }

private:
    int m_fd;
};

// The key in a file's contents: 32 raw bytes, or 64 hex digits and trailing whitespace.
std::optional<std::array<unsigned char, SecretBox::key_bytes>> parse_key(std::string const& contents)
{
    std::array<unsigned char, SecretBox::key_bytes> key {};
    if (contents.size() == key.size()) {
        std::memcpy(key.data(), contents.data(), key.size());
        return key;
    }
    auto const end = contents.find_last_not_of(" \t\r\n");
    if (end == std::string::npos || end + 1 != 2 * key.size())
        return std::nullopt;
    std::size_t decoded = 0;
    if (sodium_hex2bin(key.data(), key.size(), contents.data(), end + 1, nullptr, &decoded, nullptr) != 0 || decoded != key.size())
        return std::nullopt;
    return key;
}

// The file's contents, or nullopt when it does not exist.
std::optional<std::string> read_key_file(std::filesystem::path const& file)
{
    FileDescriptor fd(::open(file.c_str(), O_RDONLY | O_CLOEXEC));
    if (fd.get() < 0) {
        if (errno == ENOENT)
            return std::nullopt;
        fail_errno(file, "cannot open");
    }
    struct stat status { };
    if (::fstat(fd.get(), &status) != 0)
        fail_errno(file, "cannot read");
    if (!S_ISREG(status.st_mode) || status.st_size > largest_key_file)
        fail(file, "is not a key file (expected 32 bytes or 64 hex digits)");
    std::string contents(static_cast<std::size_t>(status.st_size), '\0');
    std::size_t done = 0;
    while (done < contents.size()) {
        auto const n = ::read(fd.get(), contents.data() + done, contents.size() - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            fail_errno(file, "cannot read");
        if (n == 0)
            break;
        done += static_cast<std::size_t>(n);
    }
    contents.resize(done);
    return contents;
}

void write_all(int fd, std::string_view bytes, std::filesystem::path const& file)
{
    while (!bytes.empty()) {
        auto const n = ::write(fd, bytes.data(), bytes.size());
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            fail_errno(file, "cannot write");
        bytes.remove_prefix(static_cast<std::size_t>(n));
    }
}

// Writes a fresh key to a temporary file (mkstemp: O_EXCL, mode 0600), makes it durable, then
// link()s it into place. Unlike rename(), link() never replaces a file: when another process
// got there first, its key wins and is the one both use.
void create_key_file(std::filesystem::path const& file)
{
    std::array<unsigned char, SecretBox::key_bytes> key {};
    random_bytes(key);
    std::string hex(2 * key.size() + 1, '\0');
    sodium_bin2hex(hex.data(), hex.size(), key.data(), key.size());
    sodium_memzero(key.data(), key.size());
    hex.back() = '\n';

    auto temporary = file.string() + ".XXXXXX";
    FileDescriptor fd(::mkstemp(temporary.data()));
    if (fd.get() < 0)
        fail_errno(file, "cannot create");
    bool linked = false;
    try {
        write_all(fd.get(), hex, file);
        sodium_memzero(hex.data(), hex.size());
        if (::fsync(fd.get()) != 0)
            fail_errno(file, "cannot write");
        if (::link(temporary.c_str(), file.c_str()) == 0)
            linked = true;
        else if (errno != EEXIST)
            fail_errno(file, "cannot create");
    } catch (...) {
        ::unlink(temporary.c_str());
        throw;
    }
    ::unlink(temporary.c_str());
    if (linked) {
        // The new name must survive a crash too, or a restart would make a second key.
        auto const folder = file.has_parent_path() ? file.parent_path() : std::filesystem::path(".");
        FileDescriptor directory(::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
        if (directory.get() < 0 || ::fsync(directory.get()) != 0)
            fail_errno(file, "cannot make the new key durable");
    }
}

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
    auto contents = read_key_file(key_file);
    if (!contents) {
        create_key_file(key_file);
        contents = read_key_file(key_file);
        if (!contents)
            fail(key_file, "vanished right after it was created");
    }
    auto key = parse_key(*contents);
    sodium_memzero(contents->data(), contents->size());
    if (!key)
        fail(key_file, "must hold 32 bytes or 64 hex digits");
    SecretBox box(*key);
    sodium_memzero(key->data(), key->size());
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
