// Feeds as plain data, and their RSS 2.0 and Atom 1.0 texts. Pure: no HTTP, no database,
// safe to call from any thread. pugixml builds the documents, so escaping is the library's;
// before any text goes in, characters XML 1.0 does not allow are dropped and invalid UTF-8
// becomes U+FFFD (see xml_safe_text). URLs must already be absolute.
#pragma once

#include "core/clock.h"

#include <string>
#include <string_view>
#include <vector>

namespace feeds {

struct FeedEntry {
    std::string id; // stable, e.g. the permalink; RSS marks the guid a permalink when id == url
    std::string title;
    std::string url;
    std::string author_name; // empty: RSS leaves out dc:creator, Atom names the feed's title instead
    std::string summary; // plain text; empty leaves out description / summary
    std::string content_html; // full content, absolute URLs
    core::UnixTime published = 0; // 0: no pubDate / published
    core::UnixTime updated = 0; // 0: same as published
};

struct Feed {
    std::string title;
    std::string subtitle;
    std::string site_url; // the HTML page the feed follows
    std::string self_url; // the feed's own URL
    std::string language = "en";
    core::UnixTime updated = 0; // 0: the newest entry's time
    std::vector<FeedEntry> entries;
};

std::string to_rss(Feed const& feed); // RSS 2.0 with content:encoded, dc:creator, atom:self
std::string to_atom(Feed const& feed); // RFC 4287

// The text with every character XML 1.0 forbids removed (C0 controls other than tab, line
// feed and carriage return; U+FFFE, U+FFFF) and each ill-formed UTF-8 sequence, encoded
// surrogates and overlong forms included, replaced by one U+FFFD per maximal subpart.
std::string xml_safe_text(std::string_view text);

}
