// The SQL for articles: reads of published articles for the public site and inserts for
// the article service. Every query is written once with $N placeholders.
#pragma once

#include "content/article.h"
#include "storage/database.h"

#include <optional>
#include <vector>

namespace content {

struct NewArticle {
    std::int64_t author_id = 0;
    std::string title;
    std::string slug;
    std::string body_markdown;
    std::string body_html;
    std::string excerpt;
    ArticleStatus status = ArticleStatus::Draft;
    core::UnixTime published_at = 0;
    core::UnixTime now = 0;
};

class ArticleStore {
public:
    explicit ArticleStore(storage::Database& database)
        : m_database(database)
    {
    }

    // Only published articles; drafts and unknown slugs give nullopt.
    std::optional<ArticleListing> find_published_by_slug(std::string_view slug) const;
    // Newest first (published_at, then id, descending).
    std::vector<ArticleListing> list_published(std::int64_t limit, std::int64_t offset) const;
    std::int64_t count_published() const;
    std::vector<ArticleListing> list_published_by_author(std::int64_t author_id, std::int64_t limit, std::int64_t offset) const;
    std::int64_t count_published_by_author(std::int64_t author_id) const;
    // Any status: for slug uniqueness.
    bool slug_exists(storage::Transaction& transaction, std::string_view slug) const;

    std::int64_t insert(storage::Transaction& transaction, NewArticle const& article) const;

private:
    storage::Database& m_database;
};

}
