// Share links: each network's share address with the article's URL and title in its query.
#include "render/views.h"

#include <string_view>

namespace render {
namespace {

// RFC 3986 section 2.3: only unreserved characters stay as they are; every other byte,
// space and UTF-8 included, becomes %XX, so a value cannot end its query parameter early.
std::string encode_query_component(std::string_view value)
{
    constexpr char hex_digits[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(value.size() * 3);
    for (char c : value) {
        auto const byte = static_cast<unsigned char>(c);
        bool const unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
            || c == '-' || c == '.' || c == '_' || c == '~';
        if (unreserved) {
            out += c;
        } else {
            out += '%';
            out += hex_digits[byte >> 4];
            out += hex_digits[byte & 0x0F];
        }
    }
    return out;
}

}

std::vector<ShareLink> make_share_links(std::string const& canonical_url, std::string const& title, std::string const& feed_url, std::string const& site_url)
{
    auto const url = encode_query_component(canonical_url);
    auto const text = encode_query_component(title);
    return {
        { "rss", "Subscribe by RSS", feed_url },
        { "x", "Share on X", "https://twitter.com/intent/tweet?url=" + url + "&text=" + text },
        { "facebook", "Share on Facebook", "https://www.facebook.com/sharer/sharer.php?u=" + url },
        { "linkedin", "Share on LinkedIn", "https://www.linkedin.com/sharing/share-offsite/?url=" + url },
        { "reddit", "Share on Reddit", "https://www.reddit.com/submit?url=" + url + "&title=" + text },
        // Mastodon has no central share address: a page of ours asks for the reader's instance.
        { "mastodon", "Share on Mastodon", site_url + "/share/mastodon?url=" + url + "&text=" + text },
        // RFC 6068: mailto header values are percent-encoded the same way.
        { "email", "Share by email", "mailto:?subject=" + text + "&body=" + url },
    };
}

}
