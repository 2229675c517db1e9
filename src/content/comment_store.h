// The SQL for comments. Public pages show only approved comments; counts are of approved ones.
#pragma once

#include "core/clock.h"
#include "storage/database.h"

#include <cstdint>
#include <string>
#include <vector>

namespace content {

enum class CommentStatus { Pending,
    Approved,
    Spam,
    Trash };

struct Comment {
    std::int64_t id = 0;
    std::int64_t article_id = 0;
    std::int64_t author_id = 0;
    std::string author_username;
    std::string author_display_name;
    std::string body_markdown;
    std::string body_html; // rendered under the comment Markdown policy
    CommentStatus status = CommentStatus::Pending;
    core::UnixTime created_at = 0;
};

struct NewComment {
    std::int64_t article_id = 0;
    std::int64_t author_id = 0;
    std::string body_markdown;
    std::string body_html;
    CommentStatus status = CommentStatus::Pending;
    core::UnixTime created_at = 0;
};

class CommentStore {
public:
    explicit CommentStore(storage::Database& database)
        : m_database(database)
    {
    }

    // Approved comments of an article, oldest first.
    std::vector<Comment> list_approved(std::int64_t article_id) const;
    std::int64_t insert(storage::Transaction& transaction, NewComment const& comment) const;

private:
    storage::Database& m_database;
};

}
