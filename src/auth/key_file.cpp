#include "auth/key_file.h"

#include "auth/random.h"
#include "core/file_descriptor.h"

#include <sodium.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <optional>
#include <stdexcept>
#include <string>
#include <sys/stat.h>
#include <unistd.h>

namespace auth {

namespace {

// Larger key files are refused without reading them: no valid one comes close.
constexpr off_t largest_key_file = 256;

[[noreturn]] void fail(std::filesystem::path const& file, std::string const& what)
{
    throw std::runtime_error("key file " + file.string() + ": " + what);
}

[[noreturn]] void fail_errno(std::filesystem::path const& file, std::string const& what)
{
    fail(file, what + ": " + std::strerror(errno));
}

// The key in a file's contents: 32 raw bytes, or 64 hex digits and trailing whitespace.
std::optional<std::array<unsigned char, key_file_bytes>> parse_key(std::string const& contents)
{
    std::array<unsigned char, key_file_bytes> key {};
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
    core::FileDescriptor fd(::open(file.c_str(), O_RDONLY | O_CLOEXEC));
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
    std::array<unsigned char, key_file_bytes> key {};
    random_bytes(key);
    std::string hex(2 * key.size() + 1, '\0');
    sodium_bin2hex(hex.data(), hex.size(), key.data(), key.size());
    sodium_memzero(key.data(), key.size());
    hex.back() = '\n';

    auto temporary = file.string() + ".XXXXXX";
    core::FileDescriptor fd(::mkstemp(temporary.data()));
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
        core::FileDescriptor directory(::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
        if (directory.get() < 0 || ::fsync(directory.get()) != 0)
            fail_errno(file, "cannot make the new key durable");
    }
}

}

std::vector<unsigned char> load_or_create_key_file(std::filesystem::path const& file)
{
    auto contents = read_key_file(file);
    if (!contents) {
        create_key_file(file);
        contents = read_key_file(file);
        if (!contents)
            fail(file, "vanished right after it was created");
    }
    auto key = parse_key(*contents);
    sodium_memzero(contents->data(), contents->size());
    if (!key)
        fail(file, "must hold 32 bytes or 64 hex digits");
    std::vector<unsigned char> bytes(key->begin(), key->end());
    sodium_memzero(key->data(), key->size());
    return bytes;
}

}
