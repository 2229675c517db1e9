#include "auth/key_file.h"

#include "../storage/temporary_database.h"

#include <fstream>
#include <gtest/gtest.h>
#include <sys/stat.h>

using testing_support::TemporaryFolder;

TEST(KeyFile, IsCreatedPrivatelyOnceAndThenReused)
{
    TemporaryFolder folder;
    auto const file = folder.path() / "csrf.key";
    auto const first = auth::load_or_create_key_file(file);
    ASSERT_EQ(first.size(), auth::key_file_bytes);
    struct stat status { };
    ASSERT_EQ(::stat(file.c_str(), &status), 0);
    EXPECT_EQ(status.st_mode & 0777, 0600u);
    EXPECT_EQ(auth::load_or_create_key_file(file), first);
    auto const other = auth::load_or_create_key_file(folder.path() / "secret.key");
    EXPECT_NE(other, first);
}

TEST(KeyFile, RefusesFilesThatHoldNoKey)
{
    TemporaryFolder folder;
    auto const file = folder.path() / "broken.key";
    std::ofstream(file) << "not a key";
    try {
        auth::load_or_create_key_file(file);
        FAIL() << "a broken key file was accepted";
    } catch (std::runtime_error const& error) {
        std::string const message = error.what();
        EXPECT_NE(message.find(file.string()), std::string::npos);
        EXPECT_EQ(message.find('\n'), std::string::npos);
    }
}
