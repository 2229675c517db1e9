#include "web/page_handlers.h"

#include "core/clock.h"
#include "core/percent_encoding.h"
#include "web/error_pages.h"
#include "web/viewer.h"

#include <charconv>
#include <fmt/format.h>

namespace web {

namespace {

constexpr std::int64_t max_page_number = 1'000'000;

render::ArticleCard make_card(content::ArticleListing const& listing)
{
    auto const& article = listing.article;
    return render::ArticleCard {
        .title = article.title,
        .url = article_path(article.slug),
        .author_name = listing.author_display_name,
        .author_url = author_path(listing.author_username),
        .date_text = core::format_long_date(article.published_at),
        .date_iso = core::format_rfc3339(article.published_at),
        .excerpt = article.excerpt,
        .comment_count = listing.comment_count,
    };
}

std::vector<render::ArticleCard> make_cards(std::vector<content::ArticleListing> const& listings)
{
    std::vector<render::ArticleCard> cards;
    cards.reserve(listings.size());
    for (auto const& listing : listings)
        cards.push_back(make_card(listing));
    return cards;
}

// Page N of a list; `page_path(n)` gives the URL of page n (page 1 is the list's own URL).
template <typename PagePath>
render::Pagination make_pagination(std::int64_t page, std::int64_t total_items, std::int64_t per_page, PagePath page_path)
{
    auto const total_pages = std::max<std::int64_t>(1, (total_items + per_page - 1) / per_page);
    return render::Pagination {
        .page = static_cast<int>(page),
        .total_pages = static_cast<int>(total_pages),
        .newer_url = page > 1 ? page_path(page - 1) : std::string(),
        .older_url = page < total_pages ? page_path(page + 1) : std::string(),
    };
}

// The {n} of /page/{n}: 1 when absent; nullopt for 0, 1 (its canonical URL is the list itself) or nonsense.
std::optional<std::int64_t> page_number(http::Request const& request)
{
    auto const text = request.param("n");
    if (text.empty())
        return 1;
    std::int64_t page = 0;
    auto const [end, error] = std::from_chars(text.data(), text.data() + text.size(), page);
    if (error != std::errc {} || end != text.data() + text.size() || page < 2 || page > max_page_number)
        return std::nullopt;
    return page;
}

}

// GET /  and  GET /page/{n:int}
Page show_front_page(http::Request const& request, Context& context)
{
    auto const page = page_number(request);
    if (!page)
        co_return error_page(context, 404, &request);
    auto const settings = context.settings.load();
    auto const total = context.articles.count_published();
    auto pagination = make_pagination(*page, total, settings.posts_per_page, [](std::int64_t n) { return n == 1 ? std::string("/") : fmt::format("/page/{}", n); });
    if (*page > pagination.total_pages)
        co_return error_page(context, 404, &request);

    auto const viewer = load_viewer(request, context);
    render::FrontPageView view;
    view.site = context.site_view(settings);
    show_viewer(view.meta, viewer);
    view.meta.title = *page == 1 ? view.site.tagline : fmt::format("Page {}", *page);
    view.meta.description = settings.description.empty() ? view.site.tagline : settings.description;
    view.meta.canonical_url = context.absolute_url(*page == 1 ? "/" : fmt::format("/page/{}", *page));
    view.meta.feeds = site_feed_links(context, view.site.name);
    view.articles = make_cards(context.articles.list_published(settings.posts_per_page, (*page - 1) * settings.posts_per_page));
    view.pagination = std::move(pagination);
    co_return page_response(context.theme.front_page(view), viewer);
}

// GET /articles/{slug}
Page show_article(http::Request const& request, Context& context)
{
    auto const listing = context.articles.find_published_by_slug(request.param("slug"));
    if (!listing)
        co_return error_page(context, 404, &request);
    auto const viewer = load_viewer(request, context);
    auto const& article = listing->article;
    auto const author = context.authors.find_by_id(article.author_id);
    auto const comments = context.comments.list_approved(article.id);

    render::ArticlePageView view;
    view.site = context.site_view();
    auto const path = article_path(article.slug);
    auto const canonical = context.absolute_url(path);
    view.meta.title = article.title;
    view.meta.description = article.excerpt;
    view.meta.canonical_url = canonical;
    view.meta.og_type = "article";
    view.meta.author_name = listing->author_display_name;
    view.meta.published_iso = core::format_rfc3339(article.published_at);
    view.meta.modified_iso = core::format_rfc3339(std::max(article.updated_at, article.published_at));
    view.meta.feeds = site_feed_links(context, view.site.name);
    show_viewer(view.meta, viewer);
    view.title = article.title;
    view.author_name = listing->author_display_name;
    view.author_url = author_path(listing->author_username);
    view.date_text = core::format_long_date(article.published_at);
    view.date_iso = view.meta.published_iso;
    view.body_html = article.body_html;
    view.share_links = render::make_share_links(canonical, article.title, context.absolute_url("/feed"), context.base_url);
    view.author_article_count = context.articles.count_published_by_author(article.author_id);
    view.author_bio = author ? author->bio : std::string();
    for (auto const& comment : comments) {
        view.comments.push_back(render::CommentView {
            .anchor = fmt::format("comment-{}", comment.id),
            .author_name = comment.author_display_name,
            .author_url = author_path(comment.author_username),
            .date_text = core::format_long_date(comment.created_at),
            .date_iso = core::format_rfc3339(comment.created_at),
            .body_html = comment.body_html,
        });
    }
    view.signed_in = viewer.has_value();
    view.login_url = "/login?next=" + core::percent_encode(path + "#respond");
    view.register_url = "/register?next=" + core::percent_encode(path + "#respond");
    co_return page_response(context.theme.article_page(view), viewer);
}

// GET /author/{username}  and  GET /author/{username}/page/{n:int}
Page show_author(http::Request const& request, Context& context)
{
    auto const page = page_number(request);
    auto const author = context.authors.find_by_username(request.param("username"));
    if (!page || !author)
        co_return error_page(context, 404, &request);
    auto const settings = context.settings.load();
    auto const total = context.articles.count_published_by_author(author->id);
    auto const base = author_path(author->username);
    auto pagination = make_pagination(*page, total, settings.posts_per_page, [&](std::int64_t n) { return n == 1 ? base : fmt::format("{}/page/{}", base, n); });
    if (*page > pagination.total_pages)
        co_return error_page(context, 404, &request);

    auto const viewer = load_viewer(request, context);
    render::AuthorPageView view;
    view.site = context.site_view(settings);
    show_viewer(view.meta, viewer);
    view.meta.title = *page == 1 ? author->display_name : fmt::format("{} (page {})", author->display_name, *page);
    view.meta.description = author->bio.empty() ? fmt::format("Articles by {} on {}", author->display_name, view.site.name) : author->bio;
    view.meta.canonical_url = context.absolute_url(*page == 1 ? base : fmt::format("{}/page/{}", base, *page));
    view.meta.og_type = "profile";
    view.meta.feeds = site_feed_links(context, view.site.name);
    view.username = author->username;
    view.display_name = author->display_name;
    view.bio = author->bio;
    view.article_count = total;
    view.articles = make_cards(context.articles.list_published_by_author(author->id, settings.posts_per_page, (*page - 1) * settings.posts_per_page));
    view.pagination = std::move(pagination);
    co_return page_response(context.theme.author_page(view), viewer);
}

namespace {

http::Response notice(Context& context, std::string_view path, std::string title, std::string heading, std::string message)
{
    render::NoticePageView view;
    view.site = context.site_view();
    view.meta.title = std::move(title);
    view.meta.canonical_url = context.absolute_url(path);
    view.meta.feeds = site_feed_links(context, view.site.name);
    view.meta.noindex = true;
    view.heading = std::move(heading);
    view.message = std::move(message);
    auto response = http::Response::html(context.theme.notice_page(view));
    response.set_header("Cache-Control", "no-store");
    return response;
}

}

// GET /register
Page show_register(http::Request const&, Context& context)
{
    co_return notice(context, "/register", "Register your voice", "Register your voice",
        "Member registration is not open on this site yet. Until it is, the site's administrators create accounts with `tribune admin create-user`.");
}

// GET /healthz: the process serves and the database answers.
Page show_health(http::Request const&, Context& context)
{
    context.database.query("SELECT 1");
    auto response = http::Response::text("{\"status\":\"ok\"}", "application/json");
    response.set_header("Cache-Control", "no-store");
    co_return response;
}

// GET /static/{file}
Page serve_static(http::Request const& request, Context& context)
{
    auto const file = context.theme.static_file(request.param("file"));
    if (!file)
        co_return error_page(context, 404, &request);
    auto response = http::Response::text(std::string(file->bytes), std::string(file->media_type));
    response.set_header("Cache-Control", "public, max-age=3600");
    co_return response;
}

}
