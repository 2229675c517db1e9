#include "content/comment_store.h"

#include "../storage/temporary_database.h"

#include <gtest/gtest.h>

using content::CommentStatus;
using content::CommentStore;
using content::NewComment;
using testing_support::TemporaryDatabase;

namespace {

class CommentStoreTest : public ::testing::Test {
protected:
    std::int64_t add_article(std::string const& slug)
    {
        auto transaction = database->begin();
        auto const id = transaction.query_one("INSERT INTO articles (author_id, title, slug, body_markdown, body_html, status, published_at, created_at, updated_at) "
                                              "VALUES ($1, 'T', $2, '', '', 'published', 1, 1, 1) RETURNING id",
                                       { ada, slug })
                            ->integer(0);
        transaction.commit();
        return id;
    }

    std::int64_t add(std::int64_t article, std::int64_t author, CommentStatus status, core::UnixTime created_at, std::string const& body)
    {
        auto transaction = database->begin();
        auto const id = comments.insert(transaction,
            NewComment { .article_id = article, .author_id = author, .body_markdown = body, .body_html = "<p>" + body + "</p>", .status = status, .created_at = created_at });
        transaction.commit();
        return id;
    }

    static std::vector<std::string> bodies(std::vector<content::Comment> const& list)
    {
        std::vector<std::string> result;
        for (auto const& comment : list)
            result.push_back(comment.body_markdown);
        return result;
    }

    TemporaryDatabase database;
    CommentStore comments { *database };
    std::int64_t ada = database.insert_user("ada");
    std::int64_t grace = database.insert_user("Grace");
    std::int64_t article = add_article("first");
};

using Bodies = std::vector<std::string>;

}

TEST_F(CommentStoreTest, ListsApprovedCommentsOldestFirst)
{
    add(article, grace, CommentStatus::Approved, 300, "third");
    add(article, ada, CommentStatus::Approved, 100, "first");
    add(article, grace, CommentStatus::Pending, 150, "pending");
    add(article, grace, CommentStatus::Spam, 160, "spam");
    add(article, grace, CommentStatus::Trash, 170, "trash");
    add(article, ada, CommentStatus::Approved, 200, "second");
    add(article, grace, CommentStatus::Approved, 200, "second, same time"); // higher id: after
    add(add_article("other"), ada, CommentStatus::Approved, 50, "elsewhere");

    EXPECT_EQ(bodies(comments.list_approved(article)), (Bodies { "first", "second", "second, same time", "third" }));
    EXPECT_TRUE(comments.list_approved(article + 100).empty());
}

TEST_F(CommentStoreTest, ReturnsEveryFieldWithTheAuthorsNames)
{
    auto const id = add(article, grace, CommentStatus::Approved, 1234, "Nice *work*");
    auto const listed = comments.list_approved(article);
    ASSERT_EQ(listed.size(), 1u);
    auto const& comment = listed.front();
    EXPECT_EQ(comment.id, id);
    EXPECT_EQ(comment.article_id, article);
    EXPECT_EQ(comment.author_id, grace);
    EXPECT_EQ(comment.author_username, "Grace");
    EXPECT_EQ(comment.author_display_name, "Display Grace");
    EXPECT_EQ(comment.body_markdown, "Nice *work*");
    EXPECT_EQ(comment.body_html, "<p>Nice *work*</p>");
    EXPECT_EQ(comment.status, CommentStatus::Approved);
    EXPECT_EQ(comment.created_at, 1234);
}

TEST_F(CommentStoreTest, StoresEachStatusByItsName)
{
    struct Case {
        CommentStatus status;
        std::string_view name;
    } const cases[] = {
        { CommentStatus::Pending, "pending" },
        { CommentStatus::Approved, "approved" },
        { CommentStatus::Spam, "spam" },
        { CommentStatus::Trash, "trash" },
    };
    for (auto const& c : cases) {
        auto const id = add(article, ada, c.status, 1, "x");
        EXPECT_EQ(database->query_one("SELECT status FROM comments WHERE id = $1", { id })->text(0), c.name);
    }
}

TEST_F(CommentStoreTest, RefusesACommentOnAnUnknownArticle)
{
    auto transaction = database->begin();
    try {
        comments.insert(transaction, NewComment { .article_id = article + 100, .author_id = ada, .body_markdown = "x", .body_html = "x", .created_at = 1 });
        ADD_FAILURE() << "comment on an unknown article stored";
    } catch (storage::ConstraintError const& error) {
        EXPECT_EQ(error.constraint(), storage::Constraint::ForeignKey);
    }
}
