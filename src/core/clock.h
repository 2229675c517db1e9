// Time as the application sees it. Stores take the time from a Clock instead of
// calling now() in SQL, so tests can fix it. Times are UTC seconds since the epoch.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace core {

using UnixTime = std::int64_t;

class Clock {
public:
    virtual ~Clock() = default;
    virtual UnixTime now() const = 0;
};

class SystemClock final : public Clock {
public:
    UnixTime now() const override
    {
        return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    }
};

class FixedClock final : public Clock {
public:
    explicit FixedClock(UnixTime time)
        : m_time(time)
    {
    }
    UnixTime now() const override { return m_time; }
    void set(UnixTime time) { m_time = time; }

private:
    UnixTime m_time;
};

// RFC 3339 in UTC, e.g. 2026-11-29T08:30:00Z.
std::string format_rfc3339(UnixTime time);
// RFC 822 / RFC 1123 date as used by RSS and HTTP, e.g. Sun, 29 Nov 2026 08:30:00 GMT.
std::string format_rfc1123(UnixTime time);
// Parses "2026-11-29T08:30:00Z" or with an offset ("+02:00"); nullopt when malformed.
std::optional<UnixTime> parse_rfc3339(std::string_view text);
// A reader's date, e.g. 29 November 2026.
std::string format_long_date(UnixTime time);

}
