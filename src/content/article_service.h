// Creates and publishes articles, owning the rules: the slug is made from the title and
// kept unique, the body is rendered once at save time, the excerpt comes from the body
// when none is given. Refusals come back as Error; a failing database throws.
#pragma once

#include "content/article_store.h"
#include "core/clock.h"
#include "core/error.h"

namespace content {

struct ArticleDraft {
    std::int64_t author_id = 0;
    std::string title;
    std::string body_markdown;
    std::string excerpt; // optional
    std::string slug; // optional: made from the title when empty
    ArticleStatus status = ArticleStatus::Published;
    core::UnixTime published_at = 0; // 0: now
};

class ArticleService {
public:
    ArticleService(storage::Database& database, ArticleStore const& articles, core::Clock const& clock)
        : m_database(database)
        , m_articles(articles)
        , m_clock(clock)
    {
    }

    // Invalid (field "title", "body" or "slug") for empty or oversized input; Conflict for a taken slug.
    core::Result<Article> create(ArticleDraft const& draft) const;
    // The same inside a transaction the caller commits (bulk imports, demo content).
    core::Result<Article> create(storage::Transaction& transaction, ArticleDraft const& draft) const;

private:
    storage::Database& m_database;
    ArticleStore const& m_articles;
    core::Clock const& m_clock;
};

}
