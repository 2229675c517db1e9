// Adds comments under the rules for them: a non-empty body of bounded length, rendered once
// with the comment Markdown policy (no raw HTML, no images, nofollow links). Who may comment
// and moderation arrive with the discussion issue; for now comments come from the admin CLI
// and the demo content, approved.
#pragma once

#include "content/comment_store.h"
#include "core/clock.h"
#include "core/error.h"

namespace content {

struct CommentDraft {
    std::int64_t article_id = 0;
    std::int64_t author_id = 0;
    std::string body_markdown;
    CommentStatus status = CommentStatus::Approved;
    core::UnixTime created_at = 0; // 0: now
};

class CommentService {
public:
    CommentService(storage::Database& database, CommentStore const& comments, core::Clock const& clock)
        : m_database(database)
        , m_comments(comments)
        , m_clock(clock)
    {
    }

    // Invalid (field "body") for an empty or oversized comment.
    core::Result<std::int64_t> create(CommentDraft const& draft) const;
    // The same, inside a transaction the caller commits (bulk imports).
    core::Result<std::int64_t> create(storage::Transaction& transaction, CommentDraft const& draft) const;

private:
    storage::Database& m_database;
    CommentStore const& m_comments;
    core::Clock const& m_clock;
};

}
