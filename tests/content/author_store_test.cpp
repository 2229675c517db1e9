#include "content/author_store.h"

#include "../storage/temporary_database.h"

#include <gtest/gtest.h>

using content::AuthorStore;
using testing_support::TemporaryDatabase;

TEST(AuthorStore, FindsAuthorsByUsernameWhateverTheCase)
{
    TemporaryDatabase database;
    auto const id = database.insert_user("GraceH");
    AuthorStore const authors(*database);
    for (std::string_view username : { "GraceH", "graceh", "GRACEH" }) {
        auto const author = authors.find_by_username(username);
        ASSERT_TRUE(author) << username;
        EXPECT_EQ(author->id, id);
        EXPECT_EQ(author->username, "GraceH");
        EXPECT_EQ(author->display_name, "Display GraceH");
        EXPECT_EQ(author->bio, "Bio of GraceH");
    }
    EXPECT_FALSE(authors.find_by_username("grace"));
    EXPECT_FALSE(authors.find_by_username(""));
    EXPECT_FALSE(authors.find_by_username("graceh@example.org")); // e-mails never identify an author
}

TEST(AuthorStore, FindsAuthorsById)
{
    TemporaryDatabase database;
    auto const ada = database.insert_user("ada");
    auto const grace = database.insert_user("grace");
    AuthorStore const authors(*database);
    EXPECT_EQ(authors.find_by_id(ada)->username, "ada");
    EXPECT_EQ(authors.find_by_id(grace)->username, "grace");
    EXPECT_FALSE(authors.find_by_id(grace + 1));
}
