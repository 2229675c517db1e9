#include "content/article_store.h"

namespace content {

namespace {

// The listings: the article, its author's public names, and its approved comments counted
// by a correlated subquery (served by the comments_by_article index). listing_from() reads
// their columns in this order.
constexpr auto select_published_by_slug = R"sql(
SELECT a.id, a.author_id, a.title, a.slug, a.body_markdown, a.body_html, a.excerpt, a.status,
       a.published_at, a.updated_at, u.username, u.display_name,
       (SELECT COUNT(*) FROM comments c WHERE c.article_id = a.id AND c.status = 'approved')
FROM articles a
JOIN users u ON u.id = a.author_id
WHERE a.slug = $1 AND a.status = 'published')sql";

constexpr auto select_published = R"sql(
SELECT a.id, a.author_id, a.title, a.slug, a.body_markdown, a.body_html, a.excerpt, a.status,
       a.published_at, a.updated_at, u.username, u.display_name,
       (SELECT COUNT(*) FROM comments c WHERE c.article_id = a.id AND c.status = 'approved')
FROM articles a
JOIN users u ON u.id = a.author_id
WHERE a.status = 'published'
ORDER BY a.published_at DESC, a.id DESC
LIMIT $1 OFFSET $2)sql";

constexpr auto select_published_by_author = R"sql(
SELECT a.id, a.author_id, a.title, a.slug, a.body_markdown, a.body_html, a.excerpt, a.status,
       a.published_at, a.updated_at, u.username, u.display_name,
       (SELECT COUNT(*) FROM comments c WHERE c.article_id = a.id AND c.status = 'approved')
FROM articles a
JOIN users u ON u.id = a.author_id
WHERE a.author_id = $1 AND a.status = 'published'
ORDER BY a.published_at DESC, a.id DESC
LIMIT $2 OFFSET $3)sql";

constexpr auto count_published_articles = R"sql(
SELECT COUNT(*) FROM articles WHERE status = 'published')sql";

constexpr auto count_published_articles_by_author = R"sql(
SELECT COUNT(*) FROM articles WHERE author_id = $1 AND status = 'published')sql";

constexpr auto select_slug = R"sql(
SELECT 1 FROM articles WHERE slug = $1)sql";

constexpr auto insert_article = R"sql(
INSERT INTO articles (author_id, title, slug, body_markdown, body_html, excerpt, status, published_at, created_at, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)
RETURNING id)sql";

ArticleStatus parse_status(std::string const& name)
{
    if (name == status_name(ArticleStatus::Published))
        return ArticleStatus::Published;
    if (name == status_name(ArticleStatus::Draft))
        return ArticleStatus::Draft;
    throw storage::DatabaseError("articles.status holds an unknown status: " + name);
}

ArticleListing listing_from(storage::Row const& row)
{
    return ArticleListing {
        .article = Article {
            .id = row.integer(0),
            .author_id = row.integer(1),
            .title = row.text(2),
            .slug = row.text(3),
            .body_markdown = row.text(4),
            .body_html = row.text(5),
            .excerpt = row.text(6),
            .status = parse_status(row.text(7)),
            .published_at = row.optional_integer(8).value_or(0),
            .updated_at = row.integer(9),
        },
        .author_username = row.text(10),
        .author_display_name = row.text(11),
        .comment_count = row.integer(12),
    };
}

std::vector<ArticleListing> listings_from(std::vector<storage::Row> const& rows)
{
    std::vector<ArticleListing> listings;
    listings.reserve(rows.size());
    for (auto const& row : rows)
        listings.push_back(listing_from(row));
    return listings;
}

// A negative LIMIT means "no limit" to SQLite and is an error to PostgreSQL: neither is
// what a caller with a bad page number wants.
bool is_empty_page(std::int64_t limit)
{
    return limit <= 0;
}

std::int64_t clamp_offset(std::int64_t offset)
{
    return offset < 0 ? 0 : offset;
}

}

std::string_view status_name(ArticleStatus status)
{
    // The names are what articles.status holds (see its CHECK in 0001_initial.sql).
    switch (status) {
    case ArticleStatus::Draft:
        return "draft";
    case ArticleStatus::Published:
        return "published";
    }
    return "draft"; // unreachable for valid enum values; -Wswitch flags a missing case
}

std::optional<ArticleListing> ArticleStore::find_published_by_slug(std::string_view slug) const
{
    auto const row = m_database.query_one(select_published_by_slug, { slug });
    if (!row)
        return std::nullopt;
    return listing_from(*row);
}

std::vector<ArticleListing> ArticleStore::list_published(std::int64_t limit, std::int64_t offset) const
{
    if (is_empty_page(limit))
        return {};
    return listings_from(m_database.query(select_published, { limit, clamp_offset(offset) }));
}

std::int64_t ArticleStore::count_published() const
{
    return m_database.query_one(count_published_articles)->integer(0);
}

std::vector<ArticleListing> ArticleStore::list_published_by_author(std::int64_t author_id, std::int64_t limit, std::int64_t offset) const
{
    if (is_empty_page(limit))
        return {};
    return listings_from(m_database.query(select_published_by_author, { author_id, limit, clamp_offset(offset) }));
}

std::int64_t ArticleStore::count_published_by_author(std::int64_t author_id) const
{
    return m_database.query_one(count_published_articles_by_author, { author_id })->integer(0);
}

bool ArticleStore::slug_exists(storage::Transaction& transaction, std::string_view slug) const
{
    return transaction.query_one(select_slug, { slug }).has_value();
}

std::int64_t ArticleStore::insert(storage::Transaction& transaction, NewArticle const& article) const
{
    // A draft has no date until it is published; 0 is stored as NULL.
    auto const published_at = article.published_at == 0 ? storage::Value() : storage::Value(article.published_at);
    auto const row = transaction.query_one(insert_article,
        { article.author_id, article.title, article.slug, article.body_markdown, article.body_html, article.excerpt,
            status_name(article.status), published_at, article.now });
    return row->integer(0);
}

}
