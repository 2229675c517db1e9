#include "core/clock.h"

#include <gtest/gtest.h>

TEST(Clock, FormatsDatesForEachAudience)
{
    struct Case {
        core::UnixTime time;
        char const* rfc3339;
        char const* rfc1123;
        char const* long_date;
    } const cases[] = {
        { 0, "1970-01-01T00:00:00Z", "Thu, 01 Jan 1970 00:00:00 GMT", "1 January 1970" },
        { 1796027400, "2026-11-30T08:30:00Z", "Mon, 30 Nov 2026 08:30:00 GMT", "30 November 2026" },
    };
    for (auto const& c : cases) {
        EXPECT_EQ(core::format_rfc3339(c.time), c.rfc3339);
        EXPECT_EQ(core::format_rfc1123(c.time), c.rfc1123);
        EXPECT_EQ(core::format_long_date(c.time), c.long_date);
    }
}

TEST(Clock, ParsesRfc3339)
{
    EXPECT_EQ(core::parse_rfc3339("2026-11-30T08:30:00Z"), 1796027400);
    EXPECT_EQ(core::parse_rfc3339("2026-11-30T10:30:00+02:00"), 1796027400);
    EXPECT_EQ(core::parse_rfc3339("2026-11-30T08:30:00.250Z"), 1796027400);
    for (char const* bad : { "", "2026-11-30", "2026-13-01T00:00:00Z", "2026-02-31T00:00:00Z", "2026-11-30T08:30:00", "2026-11-30T08:30:00Zjunk", "x026-11-30T08:30:00Z" })
        EXPECT_FALSE(core::parse_rfc3339(bad)) << bad;
}
