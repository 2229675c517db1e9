#include "web/context.h"

#include "core/percent_encoding.h"

namespace web {

render::SiteView Context::site_view() const
{
    return site_view(settings.load());
}

render::SiteView Context::site_view(content::SiteSettings const& stored) const
{
    return render::SiteView { .name = stored.name, .tagline = stored.tagline, .base_url = base_url, .language = stored.language };
}

std::string article_path(std::string_view slug)
{
    return "/articles/" + core::percent_encode(slug);
}

std::string author_path(std::string_view username)
{
    return "/author/" + core::percent_encode(username);
}

std::vector<render::FeedLink> site_feed_links(Context const& context, std::string const& site_name)
{
    return {
        { site_name + " (RSS)", context.absolute_url("/feed"), "application/rss+xml" },
        { site_name + " (Atom)", context.absolute_url("/feed/atom"), "application/atom+xml" },
    };
}

}
