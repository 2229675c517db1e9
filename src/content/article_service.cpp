#include "content/article_service.h"

#include "content/markdown.h"
#include "content/slug.h"

#include <fmt/format.h>

namespace content {

namespace {

constexpr std::size_t max_title_bytes = 300;
constexpr std::size_t max_body_bytes = 512 * 1024;
constexpr int max_slug_suffix = 1000; // "title-2" ... "title-1000"; past that something is wrong

bool is_blank(std::string_view text)
{
    return text.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

}

core::Result<Article> ArticleService::create(ArticleDraft const& draft) const
{
    auto transaction = m_database.begin();
    auto article = create(transaction, draft);
    if (article)
        transaction.commit();
    return article;
}

core::Result<Article> ArticleService::create(storage::Transaction& transaction, ArticleDraft const& draft) const
{
    if (is_blank(draft.title))
        return core::fail(core::ErrorKind::Invalid, "Give the article a title.", "title");
    if (draft.title.size() > max_title_bytes)
        return core::fail(core::ErrorKind::Invalid, fmt::format("The title is too long (at most {} bytes).", max_title_bytes), "title");
    if (is_blank(draft.body_markdown))
        return core::fail(core::ErrorKind::Invalid, "The article has no text.", "body");
    if (draft.body_markdown.size() > max_body_bytes)
        return core::fail(core::ErrorKind::Invalid, "The article is too long (at most 512 KiB of Markdown).", "body");
    if (!draft.slug.empty() && !is_valid_slug(draft.slug))
        return core::fail(core::ErrorKind::Invalid, "A slug is lower-case letters, digits and single hyphens.", "slug");

    auto const now = m_clock.now();
    NewArticle article;
    article.author_id = draft.author_id;
    article.title = draft.title;
    article.body_markdown = draft.body_markdown;
    article.body_html = render_markdown(draft.body_markdown, MarkdownPolicy::Article);
    article.excerpt = is_blank(draft.excerpt) ? make_excerpt(draft.body_markdown) : draft.excerpt;
    article.status = draft.status;
    article.published_at = draft.status == ArticleStatus::Published ? (draft.published_at ? draft.published_at : now) : 0;
    article.now = now;

    // A chosen slug must be free; a made one gets the first free "-N" suffix.
    std::string const base = draft.slug.empty() ? make_slug(draft.title) : draft.slug;
    article.slug = base;
    if (m_articles.slug_exists(transaction, article.slug)) {
        if (!draft.slug.empty())
            return core::fail(core::ErrorKind::Conflict, "Another article already uses that slug.", "slug");
        for (int suffix = 2; m_articles.slug_exists(transaction, article.slug); ++suffix) {
            if (suffix > max_slug_suffix)
                return core::fail(core::ErrorKind::Conflict, "Too many articles share that title; choose a slug.", "slug");
            article.slug = fmt::format("{}-{}", base, suffix);
        }
    }
    auto const id = m_articles.insert(transaction, article);

    return Article {
        .id = id,
        .author_id = article.author_id,
        .title = article.title,
        .slug = article.slug,
        .body_markdown = article.body_markdown,
        .body_html = article.body_html,
        .excerpt = article.excerpt,
        .status = article.status,
        .published_at = article.published_at,
        .updated_at = now,
    };
}

}
