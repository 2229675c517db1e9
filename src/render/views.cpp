// Share links: each network's share address with the article's URL and title in its query.
#include "render/views.h"

#include "core/percent_encoding.h"

#include <string_view>

namespace render {

std::vector<ShareLink> make_share_links(std::string const& canonical_url, std::string const& title, std::string const& feed_url, std::string const& site_url)
{
    auto const url = core::percent_encode(canonical_url);
    auto const text = core::percent_encode(title);
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
