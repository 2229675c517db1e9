// Feeds as plain data, and their RSS 2.0 and Atom 1.0 texts. Pure: no HTTP, no database.
// Every text is escaped for XML; control characters not allowed in XML 1.0 are dropped;
// URLs must already be absolute.
#pragma once

#include "core/clock.h"

#include <string>
#include <vector>

namespace feeds {

struct FeedEntry {
    std::string id;           // stable, e.g. the permalink
    std::string title;
    std::string url;
    std::string author_name;
    std::string summary;      // plain text
    std::string content_html; // full content, absolute URLs
    core::UnixTime published = 0;
    core::UnixTime updated = 0;
};

struct Feed {
    std::string title;
    std::string subtitle;
    std::string site_url;  // the HTML page the feed follows
    std::string self_url;  // the feed's own URL
    std::string language = "en";
    core::UnixTime updated = 0;
    std::vector<FeedEntry> entries;
};

std::string to_rss(Feed const& feed);  // RSS 2.0 with content:encoded, dc:creator, atom:self
std::string to_atom(Feed const& feed); // RFC 4287

}
