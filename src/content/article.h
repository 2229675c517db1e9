// Articles as the rest of the program sees them. An article belongs to one author and is
// either a draft or published; only published ones are public.
#pragma once

#include "core/clock.h"

#include <cstdint>
#include <string>

namespace content {

enum class ArticleStatus { Draft,
    Published };

std::string_view status_name(ArticleStatus status); // "draft", "published"

struct Article {
    std::int64_t id = 0;
    std::int64_t author_id = 0;
    std::string title;
    std::string slug;
    std::string body_markdown;
    std::string body_html; // rendered from body_markdown under the article Markdown policy
    std::string excerpt; // plain text
    ArticleStatus status = ArticleStatus::Draft;
    core::UnixTime published_at = 0; // 0 for drafts
    core::UnixTime updated_at = 0;
};

// An article with what lists and pages show beside it.
struct ArticleListing {
    Article article;
    std::string author_username;
    std::string author_display_name;
    std::int64_t comment_count = 0; // approved comments only
};

}
