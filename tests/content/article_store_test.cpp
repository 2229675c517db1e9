#include "content/article_store.h"

#include "../storage/temporary_database.h"

#include <gtest/gtest.h>

using content::ArticleStatus;
using content::ArticleStore;
using content::NewArticle;
using testing_support::TemporaryDatabase;

namespace {

constexpr core::UnixTime day = 86'400;
constexpr core::UnixTime base_time = 1'700'000'000;

class ArticleStoreTest : public ::testing::Test {
protected:
    std::int64_t add(std::string const& slug, ArticleStatus status, core::UnixTime published_at, std::int64_t author = 0)
    {
        auto transaction = database->begin();
        auto const id = articles.insert(transaction,
            NewArticle {
                .author_id = author ? author : ada,
                .title = "Title of " + slug,
                .slug = slug,
                .body_markdown = "Body of *" + slug + "*",
                .body_html = "<p>Body of <em>" + slug + "</em></p>",
                .excerpt = "Excerpt of " + slug,
                .status = status,
                .published_at = published_at,
                .now = base_time + 5 * day,
            });
        transaction.commit();
        return id;
    }

    void add_comment(std::int64_t article, std::string_view status)
    {
        auto transaction = database->begin();
        transaction.execute("INSERT INTO comments (article_id, author_id, body_markdown, body_html, status, created_at) "
                            "VALUES ($1, $2, 'c', '<p>c</p>', $3, 0)",
            { article, grace, status });
        transaction.commit();
    }

    NewArticle minimal(std::string slug, ArticleStatus status) const
    {
        NewArticle article;
        article.author_id = ada;
        article.slug = std::move(slug);
        article.status = status;
        article.now = base_time;
        return article;
    }

    static std::vector<std::string> slugs(std::vector<content::ArticleListing> const& listings)
    {
        std::vector<std::string> result;
        for (auto const& listing : listings)
            result.push_back(listing.article.slug);
        return result;
    }

    TemporaryDatabase database;
    ArticleStore articles { *database };
    std::int64_t ada = database.insert_user("Ada");
    std::int64_t grace = database.insert_user("grace");
};

using Slugs = std::vector<std::string>;

}

TEST(ArticleStatusNames, MatchTheSchema)
{
    EXPECT_EQ(content::status_name(ArticleStatus::Draft), "draft");
    EXPECT_EQ(content::status_name(ArticleStatus::Published), "published");
}

TEST_F(ArticleStoreTest, ListsOnlyPublishedArticlesNewestFirst)
{
    add("oldest", ArticleStatus::Published, base_time);
    add("newest", ArticleStatus::Published, base_time + 2 * day);
    add("draft", ArticleStatus::Draft, 0);
    add("same-day-first", ArticleStatus::Published, base_time + day);
    add("same-day-second", ArticleStatus::Published, base_time + day); // higher id: listed first

    EXPECT_EQ(slugs(articles.list_published(10, 0)), (Slugs { "newest", "same-day-second", "same-day-first", "oldest" }));
    EXPECT_EQ(articles.count_published(), 4);
}

TEST_F(ArticleStoreTest, Paginates)
{
    for (int i = 1; i <= 5; ++i)
        add("article-" + std::to_string(i), ArticleStatus::Published, base_time + i * day);

    struct Case {
        std::int64_t limit;
        std::int64_t offset;
        Slugs expected;
    } const cases[] = {
        { 2, 0, { "article-5", "article-4" } },
        { 2, 2, { "article-3", "article-2" } },
        { 2, 4, { "article-1" } },
        { 2, 6, {} },
        { 0, 0, {} },
        { -1, 0, {} },
        { 1, -3, { "article-5" } },
    };
    for (auto const& c : cases)
        EXPECT_EQ(slugs(articles.list_published(c.limit, c.offset)), c.expected) << c.limit << " " << c.offset;
}

TEST_F(ArticleStoreTest, FindsPublishedArticlesBySlugWithTheirAuthor)
{
    auto const id = add("hello-world", ArticleStatus::Published, base_time);
    add("unfinished", ArticleStatus::Draft, 0);

    auto const found = articles.find_published_by_slug("hello-world");
    ASSERT_TRUE(found);
    auto const& article = found->article;
    EXPECT_EQ(article.id, id);
    EXPECT_EQ(article.author_id, ada);
    EXPECT_EQ(article.title, "Title of hello-world");
    EXPECT_EQ(article.slug, "hello-world");
    EXPECT_EQ(article.body_markdown, "Body of *hello-world*");
    EXPECT_EQ(article.body_html, "<p>Body of <em>hello-world</em></p>");
    EXPECT_EQ(article.excerpt, "Excerpt of hello-world");
    EXPECT_EQ(article.status, ArticleStatus::Published);
    EXPECT_EQ(article.published_at, base_time);
    EXPECT_EQ(article.updated_at, base_time + 5 * day);
    EXPECT_EQ(found->author_username, "Ada");
    EXPECT_EQ(found->author_display_name, "Display Ada");
    EXPECT_EQ(found->comment_count, 0);

    EXPECT_FALSE(articles.find_published_by_slug("unfinished"));
    EXPECT_FALSE(articles.find_published_by_slug("no-such-article"));
    EXPECT_FALSE(articles.find_published_by_slug("Hello-World"));
}

TEST_F(ArticleStoreTest, CountsApprovedCommentsOnly)
{
    auto const discussed = add("discussed", ArticleStatus::Published, base_time + day);
    auto const quiet = add("quiet", ArticleStatus::Published, base_time);
    for (auto const* status : { "approved", "approved", "pending", "spam", "trash" })
        add_comment(discussed, status);
    add_comment(quiet, "pending");

    auto const listed = articles.list_published(10, 0);
    ASSERT_EQ(listed.size(), 2u);
    EXPECT_EQ(listed[0].comment_count, 2);
    EXPECT_EQ(listed[1].comment_count, 0);
    EXPECT_EQ(articles.find_published_by_slug("discussed")->comment_count, 2);
}

TEST_F(ArticleStoreTest, ListsAndCountsByAuthor)
{
    add("ada-1", ArticleStatus::Published, base_time);
    add("ada-2", ArticleStatus::Published, base_time + day);
    add("ada-draft", ArticleStatus::Draft, 0);
    add("grace-1", ArticleStatus::Published, base_time + 2 * day, grace);

    EXPECT_EQ(slugs(articles.list_published_by_author(ada, 10, 0)), (Slugs { "ada-2", "ada-1" }));
    EXPECT_EQ(slugs(articles.list_published_by_author(ada, 1, 1)), (Slugs { "ada-1" }));
    EXPECT_EQ(slugs(articles.list_published_by_author(grace, 10, 0)), (Slugs { "grace-1" }));
    EXPECT_EQ(articles.list_published_by_author(grace, 10, 0).front().author_username, "grace");
    EXPECT_EQ(articles.count_published_by_author(ada), 2);
    EXPECT_EQ(articles.count_published_by_author(grace), 1);
    EXPECT_EQ(articles.count_published_by_author(grace + 100), 0);
}

TEST_F(ArticleStoreTest, SlugsAreTakenWhateverTheStatus)
{
    add("published", ArticleStatus::Published, base_time);
    add("draft", ArticleStatus::Draft, 0);
    auto transaction = database->begin();
    EXPECT_TRUE(articles.slug_exists(transaction, "published"));
    EXPECT_TRUE(articles.slug_exists(transaction, "draft"));
    EXPECT_FALSE(articles.slug_exists(transaction, "free"));
    EXPECT_THROW(articles.insert(transaction, minimal("draft", ArticleStatus::Draft)), storage::ConstraintError);
}

TEST_F(ArticleStoreTest, StoresNoDateForDraftsAndRequiresOneWhenPublished)
{
    auto const draft = add("draft", ArticleStatus::Draft, 0);
    EXPECT_TRUE(database->query_one("SELECT published_at FROM articles WHERE id = $1", { draft })->operator[](0).is_null());

    auto transaction = database->begin();
    try {
        articles.insert(transaction, minimal("undated", ArticleStatus::Published));
        ADD_FAILURE() << "a published article without a date was stored";
    } catch (storage::ConstraintError const& error) {
        EXPECT_EQ(error.constraint(), storage::Constraint::Check);
    }
}
