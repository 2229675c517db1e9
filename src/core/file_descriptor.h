// An owned POSIX file descriptor, closed when it goes out of scope; for the few places that
// need what std::fstream cannot give (O_EXCL, fsync, link, directory syncs).
#pragma once

#include <cerrno>
#include <string>
#include <system_error>
#include <unistd.h>
#include <utility>

namespace core {

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

    // Negative when the open failed (errno says why).
    int get() const { return m_fd; }
    // Closes now, so that a failing close (a full disk on some file systems) is reported.
    void close(std::string const& what)
    {
        if (::close(std::exchange(m_fd, -1)) != 0)
            throw std::system_error(errno, std::generic_category(), what);
    }

private:
    int m_fd;
};

}
