#include "core/clock.h"

#include <cstdio>
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

std::optional<UnixTime> parse_rfc3339(std::string_view text)
{
    // YYYY-MM-DDTHH:MM:SS, optional fraction, then Z or +HH:MM / -HH:MM.
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
    int consumed = 0;
    std::string const copy(text);
    if (std::sscanf(copy.c_str(), "%4d-%2d-%2d%*1[Tt ]%2d:%2d:%2d%n", &year, &month, &day, &hour, &minute, &second, &consumed) != 6 || consumed != 19)
        return std::nullopt;
    if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60)
        return std::nullopt;
    std::string_view rest = text.substr(19);
    if (!rest.empty() && rest.front() == '.') {
        auto const digits = rest.find_first_not_of("0123456789", 1);
        if (digits == 1 || digits == std::string_view::npos)
            return std::nullopt;
        rest.remove_prefix(digits);
    }
    long offset = 0;
    if (rest == "Z" || rest == "z") {
        offset = 0;
    } else if (rest.size() == 6 && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':') {
        int offset_hours = 0, offset_minutes = 0;
        std::string const zone(rest);
        if (std::sscanf(zone.c_str() + 1, "%2d:%2d", &offset_hours, &offset_minutes) != 2 || offset_hours > 23 || offset_minutes > 59)
            return std::nullopt;
        offset = (offset_hours * 3600L + offset_minutes * 60L) * (rest[0] == '-' ? -1 : 1);
    } else {
        return std::nullopt;
    }
    std::tm parts {};
    parts.tm_year = year - 1900;
    parts.tm_mon = month - 1;
    parts.tm_mday = day;
    parts.tm_hour = hour;
    parts.tm_min = minute;
    parts.tm_sec = second;
    auto const local = timegm(&parts);
    if (parts.tm_mday != day) // 31 February and the like roll over
        return std::nullopt;
    return static_cast<UnixTime>(local) - offset;
}

std::string format_long_date(UnixTime time)
{
    auto const t = to_utc(time);
    return fmt::format("{} {} {}", t.tm_mday, month_names[t.tm_mon], t.tm_year + 1900);
}

}
