#include "web/feed_handlers.h"

#include "feeds/feed.h"

namespace web {

namespace {

constexpr std::int64_t feed_entries = 20;
constexpr char const* feed_cache = "public, max-age=300";

feeds::Feed site_feed(Context const& context, std::string self_path)
{
    auto const site = context.site_view();
    feeds::Feed feed;
    feed.title = site.name;
    feed.subtitle = site.tagline;
    feed.site_url = context.absolute_url("/");
    feed.self_url = context.absolute_url(self_path);
    feed.language = site.language;
    for (auto const& listing : context.articles.list_published(feed_entries, 0)) {
        auto const& article = listing.article;
        auto const url = context.absolute_url(article_path(article.slug));
        feed.updated = std::max({ feed.updated, article.published_at, article.updated_at });
        feed.entries.push_back(feeds::FeedEntry {
            .id = url,
            .title = article.title,
            .url = url,
            .author_name = listing.author_display_name,
            .summary = article.excerpt,
            .content_html = article.body_html,
            .published = article.published_at,
            .updated = std::max(article.updated_at, article.published_at),
        });
    }
    return feed;
}

http::Response feed_response(std::string body, std::string media_type)
{
    auto response = http::Response::text(std::move(body), std::move(media_type));
    response.set_header("Cache-Control", feed_cache);
    return response;
}

}

// GET /feed
boost::asio::awaitable<http::Response> show_rss_feed(http::Request const&, Context& context)
{
    co_return feed_response(feeds::to_rss(site_feed(context, "/feed")), "application/rss+xml; charset=utf-8");
}

// GET /feed/atom
boost::asio::awaitable<http::Response> show_atom_feed(http::Request const&, Context& context)
{
    co_return feed_response(feeds::to_atom(site_feed(context, "/feed/atom")), "application/atom+xml; charset=utf-8");
}

}
