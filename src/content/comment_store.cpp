#include "content/comment_store.h"

#include <array>

namespace content {

namespace {

constexpr auto select_approved = R"sql(
SELECT c.id, c.article_id, c.author_id, u.username, u.display_name, c.body_markdown, c.body_html,
       c.status, c.created_at
FROM comments c
JOIN users u ON u.id = c.author_id
WHERE c.article_id = $1 AND c.status = 'approved'
ORDER BY c.created_at, c.id)sql";

constexpr auto insert_comment = R"sql(
INSERT INTO comments (article_id, author_id, body_markdown, body_html, status, created_at)
VALUES ($1, $2, $3, $4, $5, $6)
RETURNING id)sql";

constexpr std::array all_statuses = { CommentStatus::Pending, CommentStatus::Approved, CommentStatus::Spam, CommentStatus::Trash };

// The names are what comments.status holds (see its CHECK in 0001_initial.sql).
std::string_view comment_status_name(CommentStatus status)
{
    switch (status) {
    case CommentStatus::Pending:
        return "pending";
    case CommentStatus::Approved:
        return "approved";
    case CommentStatus::Spam:
        return "spam";
    case CommentStatus::Trash:
        return "trash";
    }
    return "pending"; // unreachable for valid enum values; -Wswitch flags a missing case
}

CommentStatus parse_comment_status(std::string const& name)
{
    for (auto const status : all_statuses) {
        if (comment_status_name(status) == name)
            return status;
    }
    throw storage::DatabaseError("comments.status holds an unknown status: " + name);
}

Comment comment_from(storage::Row const& row)
{
    return Comment {
        .id = row.integer(0),
        .article_id = row.integer(1),
        .author_id = row.integer(2),
        .author_username = row.text(3),
        .author_display_name = row.text(4),
        .body_markdown = row.text(5),
        .body_html = row.text(6),
        .status = parse_comment_status(row.text(7)),
        .created_at = row.integer(8),
    };
}

}

std::vector<Comment> CommentStore::list_approved(std::int64_t article_id) const
{
    auto const rows = m_database.query(select_approved, { article_id });
    std::vector<Comment> comments;
    comments.reserve(rows.size());
    for (auto const& row : rows)
        comments.push_back(comment_from(row));
    return comments;
}

std::int64_t CommentStore::insert(storage::Transaction& transaction, NewComment const& comment) const
{
    auto const row = transaction.query_one(insert_comment,
        { comment.article_id, comment.author_id, comment.body_markdown, comment.body_html, comment_status_name(comment.status), comment.created_at });
    return row->integer(0);
}

}
