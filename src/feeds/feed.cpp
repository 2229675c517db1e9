#include "feeds/feed.h"

#include <algorithm>
#include <pugixml.hpp>
#include <sstream>

namespace feeds {

namespace {

constexpr std::string_view replacement_character = "\xEF\xBF\xBD"; // U+FFFD

constexpr char const* rss_content_namespace = "http://purl.org/rss/1.0/modules/content/";
constexpr char const* dublin_core_namespace = "http://purl.org/dc/elements/1.1/";
constexpr char const* atom_namespace = "http://www.w3.org/2005/Atom";
constexpr char const* generator_name = "Tribune";
constexpr char const* indent = "  ";

// XML 1.0 section 2.2: Char ::= #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]
bool is_allowed_ascii(unsigned char byte)
{
    return byte >= 0x20 || byte == '\t' || byte == '\n' || byte == '\r';
}

// Unicode 15, table 3-7 (well-formed UTF-8 byte sequences): how long a sequence the lead
// byte starts, and the range its second byte must fall in; the later bytes are 80..BF.
// The narrowed second-byte ranges are what rule out overlong forms (E0, F0), encoded
// surrogates (ED) and code points past U+10FFFF (F4). Length 0 means not a lead byte.
struct LeadByte {
    int length;
    unsigned char second_min;
    unsigned char second_max;
};

LeadByte classify_lead(unsigned char byte)
{
    if (byte >= 0xC2 && byte <= 0xDF)
        return { 2, 0x80, 0xBF };
    if (byte == 0xE0)
        return { 3, 0xA0, 0xBF };
    if (byte == 0xED)
        return { 3, 0x80, 0x9F };
    if (byte >= 0xE1 && byte <= 0xEF)
        return { 3, 0x80, 0xBF };
    if (byte == 0xF0)
        return { 4, 0x90, 0xBF };
    if (byte >= 0xF1 && byte <= 0xF3)
        return { 4, 0x80, 0xBF };
    if (byte == 0xF4)
        return { 4, 0x80, 0x8F };
    return { 0, 0, 0 };
}

// The text, cleaned for XML, as a C string for pugixml (cleaning removes any NUL).
class Safe {
public:
    explicit Safe(std::string_view text)
        : m_text(xml_safe_text(text))
    {
    }
    char const* c_str() const { return m_text.c_str(); }

private:
    std::string m_text;
};

pugi::xml_node add_element(pugi::xml_node parent, char const* name, std::string_view text)
{
    auto element = parent.append_child(name);
    element.text().set(Safe(text).c_str());
    return element;
}

void add_attribute(pugi::xml_node element, char const* name, std::string_view value)
{
    element.append_attribute(name).set_value(Safe(value).c_str());
}

void add_declaration(pugi::xml_document& document)
{
    auto declaration = document.append_child(pugi::node_declaration);
    declaration.append_attribute("version").set_value("1.0");
    declaration.append_attribute("encoding").set_value("utf-8");
}

std::string serialise(pugi::xml_document const& document)
{
    std::ostringstream out;
    document.save(out, indent, pugi::format_default, pugi::encoding_utf8);
    return std::move(out).str();
}

core::UnixTime entry_updated(FeedEntry const& entry)
{
    return entry.updated != 0 ? entry.updated : entry.published;
}

core::UnixTime feed_updated(Feed const& feed)
{
    if (feed.updated != 0)
        return feed.updated;
    core::UnixTime newest = 0;
    for (auto const& entry : feed.entries)
        newest = std::max(newest, entry_updated(entry));
    return newest;
}

}

std::string xml_safe_text(std::string_view text)
{
    std::string safe;
    safe.reserve(text.size());
    std::size_t position = 0;
    while (position < text.size()) {
        auto const lead = static_cast<unsigned char>(text[position]);
        if (lead < 0x80) {
            if (is_allowed_ascii(lead))
                safe.push_back(static_cast<char>(lead));
            ++position;
            continue;
        }
        auto const shape = classify_lead(lead);
        if (shape.length == 0) {
            safe += replacement_character;
            ++position;
            continue;
        }
        // Take bytes while they fit the table; a sequence cut short is one "maximal
        // subpart" and becomes a single U+FFFD, and the byte that broke it starts afresh.
        int taken = 1;
        char32_t code_point = lead & (0xFF >> (shape.length + 1));
        while (taken < shape.length && position + taken < text.size()) {
            auto const byte = static_cast<unsigned char>(text[position + taken]);
            auto const min = taken == 1 ? shape.second_min : 0x80;
            auto const max = taken == 1 ? shape.second_max : 0xBF;
            if (byte < min || byte > max)
                break;
            code_point = (code_point << 6) | (byte & 0x3F);
            ++taken;
        }
        if (taken < shape.length)
            safe += replacement_character;
        else if (code_point != 0xFFFE && code_point != 0xFFFF)
            safe.append(text.substr(position, static_cast<std::size_t>(taken)));
        position += static_cast<std::size_t>(taken);
    }
    return safe;
}

// RSS 2.0 (https://www.rssboard.org/rss-specification) with the content module for the
// full HTML, Dublin Core for the author's name (RSS's own <author> wants an email address)
// and atom:link rel="self" as the RSS Advisory Board recommends.
std::string to_rss(Feed const& feed)
{
    pugi::xml_document document;
    add_declaration(document);
    auto rss = document.append_child("rss");
    rss.append_attribute("version").set_value("2.0");
    rss.append_attribute("xmlns:content").set_value(rss_content_namespace);
    rss.append_attribute("xmlns:dc").set_value(dublin_core_namespace);
    rss.append_attribute("xmlns:atom").set_value(atom_namespace);

    auto channel = rss.append_child("channel");
    add_element(channel, "title", feed.title);
    add_element(channel, "link", feed.site_url);
    add_element(channel, "description", feed.subtitle);
    add_element(channel, "language", feed.language);
    add_element(channel, "lastBuildDate", core::format_rfc1123(feed_updated(feed)));
    auto self = channel.append_child("atom:link");
    add_attribute(self, "href", feed.self_url);
    add_attribute(self, "rel", "self");
    add_attribute(self, "type", "application/rss+xml");
    add_element(channel, "generator", generator_name);

    for (auto const& entry : feed.entries) {
        auto item = channel.append_child("item");
        add_element(item, "title", entry.title);
        add_element(item, "link", entry.url);
        auto guid = add_element(item, "guid", entry.id);
        add_attribute(guid, "isPermaLink", entry.id == entry.url ? "true" : "false");
        if (!entry.author_name.empty())
            add_element(item, "dc:creator", entry.author_name);
        if (entry.published != 0)
            add_element(item, "pubDate", core::format_rfc1123(entry.published));
        if (!entry.summary.empty())
            add_element(item, "description", entry.summary);
        // Escaped text rather than CDATA: a "]]>" inside the HTML cannot end it early.
        add_element(item, "content:encoded", entry.content_html);
    }
    return serialise(document);
}

// RFC 4287. Section 4.1.2 requires an author on every entry when the feed has none, so an
// entry without one names the publication.
std::string to_atom(Feed const& feed)
{
    pugi::xml_document document;
    add_declaration(document);
    auto root = document.append_child("feed");
    root.append_attribute("xmlns").set_value(atom_namespace);
    add_attribute(root, "xml:lang", feed.language);

    auto title = add_element(root, "title", feed.title);
    title.append_attribute("type").set_value("text");
    if (!feed.subtitle.empty()) {
        auto subtitle = add_element(root, "subtitle", feed.subtitle);
        subtitle.append_attribute("type").set_value("text");
    }
    add_element(root, "id", feed.site_url);
    add_element(root, "updated", core::format_rfc3339(feed_updated(feed)));
    auto alternate = root.append_child("link");
    add_attribute(alternate, "rel", "alternate");
    add_attribute(alternate, "type", "text/html");
    add_attribute(alternate, "href", feed.site_url);
    auto self = root.append_child("link");
    add_attribute(self, "rel", "self");
    add_attribute(self, "type", "application/atom+xml");
    add_attribute(self, "href", feed.self_url);
    add_element(root, "generator", generator_name);

    for (auto const& entry : feed.entries) {
        auto element = root.append_child("entry");
        auto entry_title = add_element(element, "title", entry.title);
        entry_title.append_attribute("type").set_value("text");
        add_element(element, "id", entry.id);
        auto link = element.append_child("link");
        add_attribute(link, "rel", "alternate");
        add_attribute(link, "type", "text/html");
        add_attribute(link, "href", entry.url);
        if (entry.published != 0)
            add_element(element, "published", core::format_rfc3339(entry.published));
        add_element(element, "updated", core::format_rfc3339(entry_updated(entry)));
        auto author = element.append_child("author");
        add_element(author, "name", entry.author_name.empty() ? feed.title : entry.author_name);
        if (!entry.summary.empty()) {
            auto summary = add_element(element, "summary", entry.summary);
            summary.append_attribute("type").set_value("text");
        }
        auto content = add_element(element, "content", entry.content_html);
        content.append_attribute("type").set_value("html");
    }
    return serialise(document);
}

}
