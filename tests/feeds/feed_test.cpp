#include "feeds/feed.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <pugixml.hpp>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unistd.h>

namespace {

constexpr core::UnixTime september_14 = 1789374600; // 2026-09-14T08:30:00Z
constexpr core::UnixTime september_15 = 1789466400; // 2026-09-15T10:00:00Z
constexpr core::UnixTime october_1 = 1790856000; // 2026-10-01T12:00:00Z

// Everything a hostile author could type: markup, entities, quotes, a CDATA terminator,
// control characters (\x01, an ANSI escape) and non-ASCII names.
constexpr char const* hostile_title = "Tom & Jerry's \"<script>alert(1)</script>\" ]]> \x01\x1b[31m Zo\xC3\xAB \xE6\x97\xA5\xE6\x9C\xAC";
constexpr char const* hostile_title_clean = "Tom & Jerry's \"<script>alert(1)</script>\" ]]> [31m Zo\xC3\xAB \xE6\x97\xA5\xE6\x9C\xAC";
constexpr char const* hostile_content = "<p>Caf&eacute; <b>&amp; bold</b> & <script>alert(\"x\")</script> ]]> <![CDATA[ \x01\x1b[0m Zo\xC3\xAB \xE6\x97\xA5\xE6\x9C\xAC</p>";
constexpr char const* hostile_content_clean = "<p>Caf&eacute; <b>&amp; bold</b> & <script>alert(\"x\")</script> ]]> <![CDATA[ [0m Zo\xC3\xAB \xE6\x97\xA5\xE6\x9C\xAC</p>";
constexpr char const* hostile_summary = "Quotes \"double\" & 'single', <tags> and \x7f\x02 bell\x07.";
constexpr char const* hostile_summary_clean = "Quotes \"double\" & 'single', <tags> and \x7f bell.";

feeds::Feed sample_feed()
{
    feeds::Feed feed;
    feed.title = "Harbour & Hill \"Weekly\"";
    feed.subtitle = "News from <the> town";
    feed.site_url = "https://example.org/";
    feed.self_url = "https://example.org/feed.xml?format=rss&v=2";
    feed.updated = october_1;
    feed.entries.push_back({
        .id = "https://example.org/2026/09/hostile",
        .title = hostile_title,
        .url = "https://example.org/2026/09/hostile",
        .author_name = "Zo\xC3\xAB <Okafor>",
        .summary = hostile_summary,
        .content_html = hostile_content,
        .published = september_14,
        .updated = september_15,
    });
    feed.entries.push_back({
        .id = "tag:example.org,2026:article-2",
        .title = "A quiet one",
        .url = "https://example.org/2026/09/quiet",
        .author_name = "",
        .summary = "",
        .content_html = "<p>Nothing to see.</p>",
        .published = september_14,
        .updated = 0,
    });
    return feed;
}

pugi::xml_document parse(std::string const& text)
{
    pugi::xml_document document;
    auto const result = document.load_string(text.c_str(), pugi::parse_default | pugi::parse_declaration);
    EXPECT_TRUE(result) << result.description() << " at offset " << result.offset << " in\n"
                        << text;
    return document;
}

std::string child_text(pugi::xml_node node, char const* name)
{
    return node.child(name).text().get();
}

// A fresh folder under the system's temporary directory, removed with everything in it.
class TemporaryFolder {
public:
    TemporaryFolder()
    {
        std::string pattern = (std::filesystem::temp_directory_path() / "tribune-feed-test-XXXXXX").string();
        if (mkdtemp(pattern.data()) == nullptr)
            throw std::runtime_error("mkdtemp failed");
        m_path = pattern;
    }
    ~TemporaryFolder() { std::filesystem::remove_all(m_path); }
    std::filesystem::path const& path() const { return m_path; }
    TemporaryFolder(TemporaryFolder const&) = delete;
    TemporaryFolder& operator=(TemporaryFolder const&) = delete;

    std::filesystem::path write(std::string const& name, std::string_view contents) const
    {
        auto const path = m_path / name;
        std::ofstream out(path, std::ios::binary);
        out << contents;
        return path;
    }

private:
    std::filesystem::path m_path;
};

int run(std::string const& command)
{
    int const status = std::system(command.c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// Debian's /usr/bin/python3 has feedparser; the first python3 on PATH may not.
constexpr char const* python = "/usr/bin/python3";

// Exits 0 only if feedparser reads the feed as well-formed (bozo == 0) and gets back the
// expected texts, which are read from files so no quoting stands between them and the test.
constexpr char const* feedparser_check = R"py(
import pathlib, sys
import feedparser

feed_path, expected_dir = sys.argv[1], pathlib.Path(sys.argv[2])

def expected(name):
    with open(expected_dir / name, encoding="utf-8", newline="") as f:
        return f.read()

# Sanitising would rewrite the HTML; the test wants to see exactly what was sent.
d = feedparser.parse(feed_path, sanitize_html=False, resolve_relative_uris=False)
entry = d.entries[0] if d.entries else {}
checks = {
    "bozo": (d.bozo, 0),
    "entry count": (len(d.entries), 2),
    "feed title": (d.feed.get("title"), expected("feed_title")),
    "entry title": (entry.get("title"), expected("title")),
    "entry summary": (entry.get("summary"), expected("summary")),
    "entry content": (entry.get("content", [{}])[0].get("value"), expected("content")),
    "entry author": (entry.get("author"), expected("author")),
    "entry link": (entry.get("link"), expected("link")),
}
failures = [f"{name}: got {got!r}, expected {want!r}" for name, (got, want) in checks.items() if got != want]
if d.bozo:
    failures.append(f"bozo_exception: {d.bozo_exception!r}")
for failure in failures:
    print(failure, file=sys.stderr)
sys.exit(1 if failures else 0)
)py";

void expect_feedparser_reads(std::string const& feed_text)
{
    TemporaryFolder folder;
    auto const feed_path = folder.write("feed.xml", feed_text);
    auto const script_path = folder.write("check.py", feedparser_check);
    auto const expected_dir = folder.path() / "expected";
    std::filesystem::create_directory(expected_dir);
    auto write_expected = [&](char const* name, std::string_view text) {
        std::ofstream(expected_dir / name, std::ios::binary) << text;
    };
    write_expected("feed_title", "Harbour & Hill \"Weekly\"");
    write_expected("title", hostile_title_clean);
    write_expected("summary", hostile_summary_clean);
    write_expected("content", hostile_content_clean);
    write_expected("author", "Zo\xC3\xAB <Okafor>");
    write_expected("link", "https://example.org/2026/09/hostile");

    std::string const bozo_check = std::string(python)
        + " -c \"import feedparser,sys; d=feedparser.parse(sys.argv[1]); sys.exit(1 if d.bozo else 0)\" '"
        + feed_path.string() + "'";
    EXPECT_EQ(run(bozo_check), 0) << "feedparser found the feed malformed:\n"
                                  << feed_text;
    std::string const content_check = std::string(python) + " '" + script_path.string() + "' '" + feed_path.string() + "' '" + expected_dir.string() + "'";
    EXPECT_EQ(run(content_check), 0) << "feedparser read back different texts (see stderr) from:\n"
                                     << feed_text;
}

void expect_no_raw_hostile_bytes(std::string const& text)
{
    EXPECT_EQ(text.find("<script>"), std::string::npos);
    EXPECT_EQ(text.find("<![CDATA["), std::string::npos);
    EXPECT_EQ(text.find("]]>"), std::string::npos);
    EXPECT_EQ(text.find('\x01'), std::string::npos);
    EXPECT_EQ(text.find('\x1b'), std::string::npos);
    EXPECT_EQ(text.find('\x07'), std::string::npos);
    // pugixml writes control characters as character references, which XML 1.0 forbids too.
    EXPECT_EQ(text.find("&#"), std::string::npos);
    EXPECT_NE(text.find("&lt;script&gt;"), std::string::npos);
    EXPECT_NE(text.find("Zo\xC3\xAB \xE6\x97\xA5\xE6\x9C\xAC"), std::string::npos) << "non-ASCII must pass through as UTF-8";
}

}

TEST(XmlSafeText, DropsWhatXmlForbidsAndRepairsUtf8)
{
    struct Case {
        char const* name;
        std::string_view input;
        std::string_view expected;
    } const cases[] = {
        { "plain ASCII", "Hello, world", "Hello, world" },
        { "markup is left to the serialiser", "<a href=\"x\">&amp;</a>", "<a href=\"x\">&amp;</a>" },
        { "tab, newline, carriage return kept", "a\tb\nc\rd", "a\tb\nc\rd" },
        { "C0 controls dropped", std::string_view("x\x00y\x01\x08\x0b\x0c\x1b\x1fz", 10), "xyz" },
        { "DEL and C1 controls are XML 1.0 characters", "x\x7fy\xC2\x85z", "x\x7fy\xC2\x85z" },
        { "two-, three- and four-byte characters kept", "Zo\xC3\xAB \xE6\x97\xA5\xE6\x9C\xAC \xF0\x9F\x93\xB0", "Zo\xC3\xAB \xE6\x97\xA5\xE6\x9C\xAC \xF0\x9F\x93\xB0" },
        { "U+FFFE and U+FFFF dropped", "x\xEF\xBF\xBEy\xEF\xBF\xBFz", "xyz" },
        { "U+FFFD and U+1FFFE kept", "\xEF\xBF\xBD\xF0\x9F\xBF\xBE", "\xEF\xBF\xBD\xF0\x9F\xBF\xBE" },
        { "lone continuation byte", "x\x80y", "x\xEF\xBF\xBDy" },
        { "invalid lead bytes", "\xC0\xC1\xF5\xFF", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD" },
        { "overlong slash", "\xC0\xAF", "\xEF\xBF\xBD\xEF\xBF\xBD" },
        { "overlong three-byte", "\xE0\x80\xAF", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD" },
        { "encoded high surrogate", "\xED\xA0\x80", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD" },
        { "encoded surrogate pair", "\xED\xA0\xBD\xED\xB0\x80", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD" },
        { "beyond U+10FFFF", "\xF4\x90\x80\x80", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD" },
        { "truncated sequence is one replacement", "\xE6\x97x", "\xEF\xBF\xBDx" },
        { "truncated four-byte at the end", "x\xF0\x9F\x93", "x\xEF\xBF\xBD" },
        { "empty", "", "" },
    };
    for (auto const& c : cases)
        EXPECT_EQ(feeds::xml_safe_text(c.input), c.expected) << c.name;
}

TEST(Rss, HasTheChannelAndItemStructure)
{
    auto const text = feeds::to_rss(sample_feed());
    EXPECT_TRUE(text.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n")) << text;
    auto const document = parse(text);

    auto const rss = document.child("rss");
    ASSERT_TRUE(rss);
    EXPECT_STREQ(rss.attribute("version").value(), "2.0");
    EXPECT_STREQ(rss.attribute("xmlns:content").value(), "http://purl.org/rss/1.0/modules/content/");
    EXPECT_STREQ(rss.attribute("xmlns:dc").value(), "http://purl.org/dc/elements/1.1/");
    EXPECT_STREQ(rss.attribute("xmlns:atom").value(), "http://www.w3.org/2005/Atom");

    auto const channel = rss.child("channel");
    EXPECT_EQ(child_text(channel, "title"), "Harbour & Hill \"Weekly\"");
    EXPECT_EQ(child_text(channel, "link"), "https://example.org/");
    EXPECT_EQ(child_text(channel, "description"), "News from <the> town");
    EXPECT_EQ(child_text(channel, "language"), "en");
    EXPECT_EQ(child_text(channel, "lastBuildDate"), "Thu, 01 Oct 2026 12:00:00 GMT");
    EXPECT_EQ(child_text(channel, "generator"), "Tribune");
    auto const self = channel.child("atom:link");
    EXPECT_STREQ(self.attribute("href").value(), "https://example.org/feed.xml?format=rss&v=2");
    EXPECT_STREQ(self.attribute("rel").value(), "self");
    EXPECT_STREQ(self.attribute("type").value(), "application/rss+xml");

    auto const items = channel.children("item");
    ASSERT_EQ(std::distance(items.begin(), items.end()), 2);
    auto const item = channel.child("item");
    EXPECT_EQ(child_text(item, "title"), hostile_title_clean);
    EXPECT_EQ(child_text(item, "link"), "https://example.org/2026/09/hostile");
    EXPECT_EQ(child_text(item, "guid"), "https://example.org/2026/09/hostile");
    EXPECT_STREQ(item.child("guid").attribute("isPermaLink").value(), "true");
    EXPECT_EQ(child_text(item, "dc:creator"), "Zo\xC3\xAB <Okafor>");
    EXPECT_EQ(child_text(item, "pubDate"), "Mon, 14 Sep 2026 08:30:00 GMT");
    EXPECT_EQ(child_text(item, "description"), hostile_summary_clean);
    EXPECT_EQ(child_text(item, "content:encoded"), hostile_content_clean);
    EXPECT_FALSE(item.child("content:encoded").first_child().type() == pugi::node_cdata) << "escaped text, not CDATA";
}

TEST(Rss, MarksOnlyUrlIdsAsPermalinksAndLeavesOutEmptyFields)
{
    auto const document = parse(feeds::to_rss(sample_feed()));
    auto const quiet = document.child("rss").child("channel").child("item").next_sibling("item");
    EXPECT_EQ(child_text(quiet, "guid"), "tag:example.org,2026:article-2");
    EXPECT_STREQ(quiet.child("guid").attribute("isPermaLink").value(), "false");
    EXPECT_FALSE(quiet.child("dc:creator"));
    EXPECT_FALSE(quiet.child("description"));
    EXPECT_EQ(child_text(quiet, "content:encoded"), "<p>Nothing to see.</p>");
}

TEST(Rss, EscapesHostileText)
{
    expect_no_raw_hostile_bytes(feeds::to_rss(sample_feed()));
}

TEST(Atom, HasTheFeedAndEntryStructure)
{
    auto const text = feeds::to_atom(sample_feed());
    EXPECT_TRUE(text.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n")) << text;
    auto const document = parse(text);

    auto const feed = document.child("feed");
    ASSERT_TRUE(feed);
    EXPECT_STREQ(feed.attribute("xmlns").value(), "http://www.w3.org/2005/Atom");
    EXPECT_STREQ(feed.attribute("xml:lang").value(), "en");
    EXPECT_EQ(child_text(feed, "title"), "Harbour & Hill \"Weekly\"");
    EXPECT_STREQ(feed.child("title").attribute("type").value(), "text");
    EXPECT_EQ(child_text(feed, "subtitle"), "News from <the> town");
    EXPECT_EQ(child_text(feed, "id"), "https://example.org/");
    EXPECT_EQ(child_text(feed, "updated"), "2026-10-01T12:00:00Z");
    EXPECT_EQ(child_text(feed, "generator"), "Tribune");
    auto const alternate = feed.find_child_by_attribute("link", "rel", "alternate");
    EXPECT_STREQ(alternate.attribute("href").value(), "https://example.org/");
    auto const self = feed.find_child_by_attribute("link", "rel", "self");
    EXPECT_STREQ(self.attribute("href").value(), "https://example.org/feed.xml?format=rss&v=2");
    EXPECT_STREQ(self.attribute("type").value(), "application/atom+xml");

    auto const entries = feed.children("entry");
    ASSERT_EQ(std::distance(entries.begin(), entries.end()), 2);
    auto const entry = feed.child("entry");
    EXPECT_EQ(child_text(entry, "title"), hostile_title_clean);
    EXPECT_STREQ(entry.child("title").attribute("type").value(), "text");
    EXPECT_EQ(child_text(entry, "id"), "https://example.org/2026/09/hostile");
    auto const link = entry.child("link");
    EXPECT_STREQ(link.attribute("rel").value(), "alternate");
    EXPECT_STREQ(link.attribute("href").value(), "https://example.org/2026/09/hostile");
    EXPECT_EQ(child_text(entry, "published"), "2026-09-14T08:30:00Z");
    EXPECT_EQ(child_text(entry, "updated"), "2026-09-15T10:00:00Z");
    EXPECT_EQ(child_text(entry.child("author"), "name"), "Zo\xC3\xAB <Okafor>");
    EXPECT_EQ(child_text(entry, "summary"), hostile_summary_clean);
    EXPECT_STREQ(entry.child("summary").attribute("type").value(), "text");
    EXPECT_EQ(child_text(entry, "content"), hostile_content_clean);
    EXPECT_STREQ(entry.child("content").attribute("type").value(), "html");
}

TEST(Atom, FallsBackForMissingAuthorAndUpdated)
{
    auto const document = parse(feeds::to_atom(sample_feed()));
    auto const quiet = document.child("feed").child("entry").next_sibling("entry");
    EXPECT_EQ(child_text(quiet.child("author"), "name"), "Harbour & Hill \"Weekly\"") << "RFC 4287 4.1.2: every entry needs an author";
    EXPECT_EQ(child_text(quiet, "updated"), "2026-09-14T08:30:00Z");
    EXPECT_FALSE(quiet.child("summary"));
}

TEST(Atom, EscapesHostileText)
{
    expect_no_raw_hostile_bytes(feeds::to_atom(sample_feed()));
}

TEST(Feed, UpdatedDefaultsToTheNewestEntry)
{
    auto feed = sample_feed();
    feed.updated = 0;
    EXPECT_EQ(child_text(parse(feeds::to_atom(feed)).child("feed"), "updated"), "2026-09-15T10:00:00Z");
    EXPECT_EQ(child_text(parse(feeds::to_rss(feed)).child("rss").child("channel"), "lastBuildDate"), "Tue, 15 Sep 2026 10:00:00 GMT");
}

TEST(Feed, EmptyFeedIsStillWellFormed)
{
    feeds::Feed feed;
    feed.title = "Empty";
    feed.site_url = "https://example.org/";
    feed.self_url = "https://example.org/feed.atom";
    EXPECT_TRUE(parse(feeds::to_rss(feed)).child("rss").child("channel"));
    EXPECT_TRUE(parse(feeds::to_atom(feed)).child("feed"));
}

TEST(Feed, FeedparserReadsRssBackUnchanged)
{
    expect_feedparser_reads(feeds::to_rss(sample_feed()));
}

TEST(Feed, FeedparserReadsAtomBackUnchanged)
{
    expect_feedparser_reads(feeds::to_atom(sample_feed()));
}
