// SECURITY.md 22: no acknowledged write is lost to kill -9, and the file is sound afterwards.
// A child process commits rows and acknowledges each through a pipe after commit()
// returns; the parent kills it mid-stream and counts what the file still holds.
#include "storage/database.h"

#include "temporary_database.h"

#include <csignal>
#include <cstdio>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

namespace {

constexpr std::int64_t acknowledgements_before_kill = 150;

[[noreturn]] void commit_forever(std::string const& path, int acknowledgements)
{
    try {
        auto database = storage::open_database(path);
        for (std::int64_t n = 1;; ++n) {
            auto transaction = database->begin();
            transaction.execute("INSERT INTO log (n) VALUES ($1)", { n });
            transaction.commit();
            if (write(acknowledgements, &n, sizeof n) != sizeof n)
                _exit(2);
        }
    } catch (std::exception const& error) {
        // The parent sees the exit status; the reason goes to the test output.
        std::fprintf(stderr, "child: %s\n", error.what());
        _exit(1);
    }
}

}

TEST(SqliteDurability, AcknowledgedCommitsSurviveKill9)
{
    testing_support::TemporaryFolder folder;
    auto const path = (folder.path() / "crash.db").string();
    {
        auto database = storage::open_database(path);
        auto transaction = database->begin();
        transaction.execute("CREATE TABLE log (n INTEGER NOT NULL)");
        transaction.commit();
        database->close();
    }

    int pipe_ends[2];
    ASSERT_EQ(pipe(pipe_ends), 0);
    pid_t const child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
        close(pipe_ends[0]);
        commit_forever(path, pipe_ends[1]);
    }
    close(pipe_ends[1]);

    std::int64_t acknowledged = 0;
    std::int64_t n = 0;
    while (acknowledged < acknowledgements_before_kill && read(pipe_ends[0], &n, sizeof n) == sizeof n)
        acknowledged = n;
    kill(child, SIGKILL);
    int status = 0;
    waitpid(child, &status, 0);
    while (read(pipe_ends[0], &n, sizeof n) == sizeof n) // written before it died
        acknowledged = n;
    close(pipe_ends[0]);
    ASSERT_TRUE(WIFSIGNALED(status)) << "the child stopped by itself with status " << WEXITSTATUS(status);
    ASSERT_GE(acknowledged, acknowledgements_before_kill);

    auto database = storage::open_database(path);
    EXPECT_EQ(database->query_one("PRAGMA integrity_check")->text(0), "ok");
    auto const row = database->query_one("SELECT COUNT(*), COALESCE(MAX(n), 0) FROM log");
    EXPECT_GE(row->integer(0), acknowledged);
    EXPECT_EQ(row->integer(0), row->integer(1)); // no gaps: each commit whole or not at all
    database->close();
}
