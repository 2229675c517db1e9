#include "content/article_service.h"

#include "../storage/temporary_database.h"
#include "content/comment_service.h"

#include <gtest/gtest.h>

using content::ArticleDraft;
using testing_support::TemporaryDatabase;

namespace {

constexpr core::UnixTime now = 1'800'000'000;

class ArticleServiceTest : public ::testing::Test {
protected:
    TemporaryDatabase database;
    std::int64_t ada = database.insert_user("ada");
    core::FixedClock clock { now };
    content::ArticleStore articles { *database };
    content::ArticleService service { *database, articles, clock };

    ArticleDraft draft(std::string title, std::string body = "Some *words* here.")
    {
        return ArticleDraft { .author_id = ada, .title = std::move(title), .body_markdown = std::move(body) };
    }
};

}

TEST_F(ArticleServiceTest, PublishesWithSlugRenderedBodyAndExcerpt)
{
    auto const article = service.create(draft("Crème brûlée at the Mill", "First paragraph with *emphasis*.\n\nSecond one."));
    ASSERT_TRUE(article) << article.error().message;
    EXPECT_EQ(article->slug, "creme-brulee-at-the-mill");
    EXPECT_NE(article->body_html.find("<em>emphasis</em>"), std::string::npos);
    EXPECT_NE(article->excerpt.find("First paragraph with emphasis"), std::string::npos);
    EXPECT_EQ(article->published_at, now);

    auto const stored = articles.find_published_by_slug("creme-brulee-at-the-mill");
    ASSERT_TRUE(stored);
    EXPECT_EQ(stored->article.body_html, article->body_html);
    EXPECT_EQ(articles.count_published_by_author(ada), 1);
}

TEST_F(ArticleServiceTest, SameTitleGetsNextFreeSlug)
{
    EXPECT_EQ(service.create(draft("Market day"))->slug, "market-day");
    EXPECT_EQ(service.create(draft("Market day"))->slug, "market-day-2");
    EXPECT_EQ(service.create(draft("Market  day!"))->slug, "market-day-3");
}

TEST_F(ArticleServiceTest, ChosenSlugMustBeValidAndFree)
{
    auto chosen = draft("Anything");
    chosen.slug = "my-slug";
    ASSERT_TRUE(service.create(chosen));
    auto const taken = service.create(chosen);
    ASSERT_FALSE(taken);
    EXPECT_EQ(taken.error().kind, core::ErrorKind::Conflict);
    EXPECT_EQ(taken.error().field, "slug");

    chosen.slug = "Not A Slug";
    auto const invalid = service.create(chosen);
    ASSERT_FALSE(invalid);
    EXPECT_EQ(invalid.error().field, "slug");
    EXPECT_EQ(articles.count_published(), 1);
}

TEST_F(ArticleServiceTest, RefusesEmptyOrOversizedInputAndWritesNothing)
{
    struct Case {
        ArticleDraft input;
        char const* field;
    } const cases[] = {
        { draft("   "), "title" },
        { draft(std::string(301, 't')), "title" },
        { draft("Title", " \n\t"), "body" },
        { draft("Title", std::string(512 * 1024 + 1, 'b')), "body" },
    };
    for (auto const& c : cases) {
        auto const result = service.create(c.input);
        ASSERT_FALSE(result) << c.field;
        EXPECT_EQ(result.error().kind, core::ErrorKind::Invalid);
        EXPECT_EQ(result.error().field, c.field);
    }
    EXPECT_EQ(articles.count_published(), 0);
}

TEST_F(ArticleServiceTest, GivenPublicationTimeAndExcerptAreKept)
{
    auto input = draft("Dated");
    input.published_at = now - 3600;
    input.excerpt = "Hand-written summary";
    auto const article = service.create(input);
    ASSERT_TRUE(article);
    EXPECT_EQ(article->published_at, now - 3600);
    EXPECT_EQ(article->excerpt, "Hand-written summary");
}

TEST_F(ArticleServiceTest, CommentsAreRenderedUnderTheCommentPolicy)
{
    auto const article = service.create(draft("Discussed"));
    ASSERT_TRUE(article);
    content::CommentStore const comments(*database);
    content::CommentService const comment_service(*database, comments, clock);
    auto const id = comment_service.create(content::CommentDraft {
        .article_id = article->id, .author_id = ada, .body_markdown = "<script>alert(1)</script> [x](javascript:alert(1)) [ok](https://example.org)" });
    ASSERT_TRUE(id) << id.error().message;
    auto const listed = comments.list_approved(article->id);
    ASSERT_EQ(listed.size(), 1u);
    EXPECT_EQ(listed[0].body_html.find("<script"), std::string::npos);
    EXPECT_EQ(listed[0].body_html.find("javascript:"), std::string::npos);
    EXPECT_NE(listed[0].body_html.find("nofollow"), std::string::npos);
    EXPECT_EQ(listed[0].created_at, now);

    EXPECT_FALSE(comment_service.create(content::CommentDraft { .article_id = article->id, .author_id = ada, .body_markdown = "  " }));
    EXPECT_EQ(comments.list_approved(article->id).size(), 1u);
}
