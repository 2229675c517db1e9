#include "core/clock.h"

#include <ctime>
#include <fmt/format.h>

namespace core {

namespace {

std::tm to_utc(UnixTime time)
{
    std::time_t const seconds = static_cast<std::time_t>(time);
    std::tm parts {};
    gmtime_r(&seconds, &parts);
    return parts;
}

constexpr char const* day_names[] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
constexpr char const* month_abbreviations[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
constexpr char const* month_names[] = { "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December" };

}

std::string format_rfc3339(UnixTime time)
{
    auto const t = to_utc(time);
    return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", t.tm_year + 1900, t.tm_mon + 1, t.tm_mday, t.tm_hour, t.tm_min, t.tm_sec);
}

std::string format_rfc1123(UnixTime time)
{
    auto const t = to_utc(time);
    return fmt::format("{}, {:02} {} {:04} {:02}:{:02}:{:02} GMT", day_names[t.tm_wday], t.tm_mday, month_abbreviations[t.tm_mon], t.tm_year + 1900, t.tm_hour, t.tm_min, t.tm_sec);
}

std::string format_long_date(UnixTime time)
{
    auto const t = to_utc(time);
    return fmt::format("{} {} {}", t.tm_mday, month_names[t.tm_mon], t.tm_year + 1900);
}

}
