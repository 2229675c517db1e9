#include "content/comment_service.h"

#include "content/markdown.h"

namespace content {

namespace {

constexpr std::size_t max_comment_bytes = 10'000;

}

core::Result<std::int64_t> CommentService::create(CommentDraft const& draft) const
{
    auto transaction = m_database.begin();
    auto id = create(transaction, draft);
    if (id)
        transaction.commit();
    return id;
}

core::Result<std::int64_t> CommentService::create(storage::Transaction& transaction, CommentDraft const& draft) const
{
    if (draft.body_markdown.find_first_not_of(" \t\r\n") == std::string::npos)
        return core::fail(core::ErrorKind::Invalid, "The comment is empty.", "body");
    if (draft.body_markdown.size() > max_comment_bytes)
        return core::fail(core::ErrorKind::Invalid, "The comment is too long (at most 10,000 characters).", "body");
    return m_comments.insert(transaction,
        NewComment {
            .article_id = draft.article_id,
            .author_id = draft.author_id,
            .body_markdown = draft.body_markdown,
            .body_html = render_markdown(draft.body_markdown, MarkdownPolicy::Comment),
            .status = draft.status,
            .created_at = draft.created_at ? draft.created_at : m_clock.now(),
        });
}

}
