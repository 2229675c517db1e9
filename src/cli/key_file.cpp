#include "cli/key_file.h"

#include "auth/random.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <sys/stat.h>
#include <unistd.h>

namespace cli {

namespace {

[[noreturn]] void fail(std::filesystem::path const& file, std::string const& what)
{
    throw std::runtime_error("key file " + file.string() + ": " + what);
}

// Writes a fresh key beside the file (mkstemp: O_EXCL, mode 0600), makes it durable, then
// link()s it into place; link() never replaces a file, so a key another process wrote first wins.
void create_key_file(std::filesystem::path const& file)
{
    std::vector<unsigned char> key(server_key_bytes);
    auth::random_bytes(key);
    std::string temporary = file.string() + ".XXXXXX";
    int const fd = ::mkstemp(temporary.data());
    if (fd < 0)
        fail(file, std::string("cannot create: ") + std::strerror(errno));
    bool const written = ::write(fd, key.data(), key.size()) == static_cast<ssize_t>(key.size()) && ::fsync(fd) == 0;
    ::close(fd);
    int const linked = written ? ::link(temporary.c_str(), file.c_str()) : -1;
    int const link_error = errno;
    ::unlink(temporary.c_str());
    if (!written)
        fail(file, "cannot write");
    if (linked != 0 && link_error != EEXIST)
        fail(file, std::string("cannot create: ") + std::strerror(link_error));
}

}

std::vector<unsigned char> load_or_create_key_file(std::filesystem::path const& file)
{
    if (!std::filesystem::exists(file))
        create_key_file(file);
    std::ifstream in(file, std::ios::binary);
    if (!in)
        fail(file, "cannot read");
    std::vector<unsigned char> key((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (key.size() != server_key_bytes)
        fail(file, "is not a key file (expected " + std::to_string(server_key_bytes) + " bytes)");
    return key;
}

}
