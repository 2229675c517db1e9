#include "storage/sqlite/sqlite_database.h"

#include "temporary_database.h"

#include <atomic>
#include <fstream>
#include <gtest/gtest.h>
#include <thread>

using storage::Constraint;
using storage::ConstraintError;
using storage::DatabaseError;
using testing_support::TemporaryDatabase;
using testing_support::TemporaryFolder;

namespace {

void create_table(storage::Database& database, std::string_view sql)
{
    auto transaction = database.begin();
    transaction.execute(sql);
    transaction.commit();
}

std::int64_t count_rows(storage::Database& database, std::string_view table_query)
{
    return database.query_one(table_query)->integer(0);
}

}

TEST(SqlitePlaceholders, RewritesNumberedPlaceholdersOutsideQuotesAndComments)
{
    struct Case {
        std::string_view sql;
        std::string_view expected;
    } const cases[] = {
        { "SELECT $1", "SELECT ?1" },
        { "SELECT $2, $1", "SELECT ?2, ?1" },
        { "WHERE a=$1 AND b=($12)", "WHERE a=?1 AND b=(?12)" },
        { "VALUES ($1,$2,$1)", "VALUES (?1,?2,?1)" },
        { "SELECT '$1'", "SELECT '$1'" },
        { "SELECT 'it''s $1', $1", "SELECT 'it''s $1', ?1" },
        { "SELECT \"$1\" FROM t", "SELECT \"$1\" FROM t" },
        { "SELECT `$1`, [$2], $3", "SELECT `$1`, [$2], ?3" },
        { "SELECT $1 -- not $2\n, $3", "SELECT ?1 -- not $2\n, ?3" },
        { "SELECT /* $1 */ $2", "SELECT /* $1 */ ?2" },
        { "SELECT a$1 FROM t", "SELECT a$1 FROM t" },
        { "SELECT $, $a, $$", "SELECT $, $a, $$" },
        { "SELECT 'unterminated $1", "SELECT 'unterminated $1" },
        { "SELECT 'é', $1", "SELECT 'é', ?1" },
        { "", "" },
    };
    for (auto const& c : cases)
        EXPECT_EQ(storage::sqlite::rewrite_placeholders(c.sql), c.expected) << c.sql;
}

TEST(SqlitePlaceholders, BindsByNumberNotByOrderOfAppearance)
{
    TemporaryDatabase database(TemporaryDatabase::Schema::Empty);
    auto const row = database->query_one("SELECT $2, $1, '$1', $2 || $1", { "first", "second" });
    ASSERT_TRUE(row);
    EXPECT_EQ(row->text(0), "second");
    EXPECT_EQ(row->text(1), "first");
    EXPECT_EQ(row->text(2), "$1");
    EXPECT_EQ(row->text(3), "secondfirst");
}

TEST(SqliteUrls, TakesThePathFromTheUrl)
{
    struct Case {
        std::string_view url;
        std::string_view path;
    } const cases[] = {
        { "sqlite:///var/lib/tribune/site.db", "/var/lib/tribune/site.db" },
        { "sqlite://data/site.db", "data/site.db" },
        { "/srv/site.db", "/srv/site.db" },
        { "site.db", "site.db" },
    };
    for (auto const& c : cases)
        EXPECT_EQ(storage::sqlite::path_from_url(c.url), c.path) << c.url;
    EXPECT_THROW(storage::sqlite::path_from_url("sqlite://"), DatabaseError);
    EXPECT_THROW(storage::sqlite::path_from_url(":memory:"), DatabaseError);
    EXPECT_THROW(storage::open_database("postgres://localhost/tribune"), DatabaseError);
}

TEST(SqliteDatabase, OpensFromAUrlAndCreatesTheFolder)
{
    TemporaryFolder folder;
    auto const path = folder.path() / "nested" / "deeper" / "site.db";
    auto database = storage::open_database("sqlite://" + path.string());
    EXPECT_EQ(database->dialect(), storage::Dialect::Sqlite);
    EXPECT_TRUE(std::filesystem::exists(path));
    database->close();
}

TEST(SqliteDatabase, ExplainsInOneLineWhyItCannotOpen)
{
    TemporaryFolder folder;
    auto const not_a_database = folder.path() / "notes.txt";
    std::ofstream(not_a_database) << "This is not a database, and it is long enough to have a header.\n"
                                  << std::string(200, 'x');
    auto const under_a_file = not_a_database / "site.db";

    struct Case {
        std::filesystem::path path;
        std::string_view reason;
    } const cases[] = {
        { folder.path(), "unable to open database file" },
        { not_a_database, "file is not a database" },
        { under_a_file, "cannot create the folder" },
    };
    for (auto const& c : cases) {
        try {
            storage::open_database(c.path.string());
            ADD_FAILURE() << "opened " << c.path;
        } catch (DatabaseError const& error) {
            std::string const message = error.what();
            EXPECT_TRUE(message.starts_with("cannot open database at " + c.path.string())) << message;
            EXPECT_NE(message.find(c.reason), std::string::npos) << message;
            EXPECT_EQ(message.find('\n'), std::string::npos) << message;
        }
    }
}

TEST(SqliteDatabase, PragmasAreInEffectOnReadersAndTheWriter)
{
    TemporaryDatabase database;
    EXPECT_EQ(database->query_one("PRAGMA journal_mode")->text(0), "wal");
    EXPECT_EQ(database->query_one("PRAGMA synchronous")->integer(0), 2); // FULL
    EXPECT_EQ(database->query_one("PRAGMA foreign_keys")->integer(0), 1);
    EXPECT_EQ(database->query_one("PRAGMA busy_timeout")->integer(0), 5000);

    auto transaction = database->begin();
    EXPECT_EQ(transaction.query_one("PRAGMA journal_mode")->text(0), "wal");
    EXPECT_EQ(transaction.query_one("PRAGMA synchronous")->integer(0), 2);
    EXPECT_EQ(transaction.query_one("PRAGMA foreign_keys")->integer(0), 1);
    EXPECT_EQ(transaction.query_one("PRAGMA busy_timeout")->integer(0), 5000);
}

TEST(SqliteDatabase, ReadersCannotWrite)
{
    TemporaryDatabase database;
    EXPECT_THROW(database->query("INSERT INTO site_settings (key, value) VALUES ('name', 'x')"), DatabaseError);
    EXPECT_EQ(count_rows(*database, "SELECT COUNT(*) FROM site_settings"), 0);
}

TEST(SqliteDatabase, MigratesOnceAndRecordsEachMigration)
{
    TemporaryDatabase database(TemporaryDatabase::Schema::Empty);
    auto const applied = database->migrate();
    EXPECT_GE(applied, 1);
    EXPECT_EQ(database->migrate(), 0);

    auto const first = database->query_one("SELECT version, name, applied_at FROM schema_migrations ORDER BY version");
    ASSERT_TRUE(first);
    EXPECT_EQ(first->integer(0), 1);
    EXPECT_EQ(first->text(1), "initial");
    EXPECT_GT(first->integer(2), 0);
    EXPECT_EQ(count_rows(*database, "SELECT COUNT(*) FROM schema_migrations"), applied);

    // Another process (here: another open) finds nothing left to do.
    auto again = storage::open_database(database.path().string());
    EXPECT_EQ(again->migrate(), 0);
    again->close();
}

TEST(SqliteDatabase, RollsBackATransactionDestroyedWithoutCommit)
{
    TemporaryDatabase database;
    {
        auto transaction = database->begin();
        transaction.execute("INSERT INTO site_settings (key, value) VALUES ($1, $2)", { "name", "Lost" });
        EXPECT_EQ(transaction.query_one("SELECT value FROM site_settings")->text(0), "Lost");
    }
    EXPECT_EQ(count_rows(*database, "SELECT COUNT(*) FROM site_settings"), 0);
    // The writer is free again.
    auto transaction = database->begin();
    transaction.commit();
}

TEST(SqliteDatabase, CommittedWritesReachReadersAndSurviveReopening)
{
    TemporaryDatabase database;
    auto transaction = database->begin();
    EXPECT_EQ(transaction.execute("INSERT INTO site_settings (key, value) VALUES ($1, $2)", { "name", "Kept" }), 1);
    // Not visible to readers until committed.
    EXPECT_EQ(count_rows(*database, "SELECT COUNT(*) FROM site_settings"), 0);
    transaction.commit();
    EXPECT_EQ(database->query_one("SELECT value FROM site_settings WHERE key = $1", { "name" })->text(0), "Kept");

    database->close();
    auto reopened = storage::open_database(database.path().string());
    EXPECT_EQ(reopened->query_one("SELECT value FROM site_settings")->text(0), "Kept");
    reopened->close();
}

TEST(SqliteDatabase, RefusesStatementsOnAFinishedTransaction)
{
    TemporaryDatabase database;
    auto transaction = database->begin();
    transaction.commit();
    EXPECT_THROW(transaction.commit(), DatabaseError);
    EXPECT_THROW(transaction.execute("DELETE FROM site_settings"), DatabaseError);

    auto moved_to = std::move(transaction);
    EXPECT_THROW(moved_to.query("SELECT 1"), DatabaseError);
}

TEST(SqliteDatabase, ReportsChangedRows)
{
    TemporaryDatabase database;
    auto transaction = database->begin();
    EXPECT_EQ(transaction.execute("INSERT INTO site_settings (key, value) VALUES ('a', '1'), ('b', '2'), ('c', '3')"), 3);
    EXPECT_EQ(transaction.execute("UPDATE site_settings SET value = 'x' WHERE key <> $1", { "a" }), 2);
    EXPECT_EQ(transaction.execute("UPDATE site_settings SET value = 'x' WHERE key = 'none'"), 0);
    EXPECT_EQ(transaction.execute("CREATE TABLE t (x INTEGER)"), 0);
    transaction.commit();
}

TEST(SqliteDatabase, MapsColumnsByStoredType)
{
    TemporaryDatabase database(TemporaryDatabase::Schema::Empty);
    std::string const with_nul("a\0b", 3);
    auto const row = database->query_one("SELECT $1, $2, $3, $4, $5, $6, $7",
        { nullptr, std::int64_t { INT64_MIN }, std::int64_t { INT64_MAX }, 2.5, "Crème brûlée ✓", with_nul, "" });
    ASSERT_TRUE(row);
    EXPECT_TRUE((*row)[0].is_null());
    EXPECT_EQ(row->integer(1), INT64_MIN);
    EXPECT_EQ(row->integer(2), INT64_MAX);
    EXPECT_EQ((*row)[3].real(), 2.5);
    EXPECT_EQ(row->text(4), "Crème brûlée ✓");
    EXPECT_EQ(row->text(5), with_nul);
    EXPECT_EQ(row->text(6), "");
    EXPECT_EQ(row->optional_text(0), std::nullopt);
    EXPECT_EQ(row->optional_integer(0), std::nullopt);
    EXPECT_EQ(row->optional_integer(1), INT64_MIN);
    EXPECT_THROW(row->integer(0), DatabaseError);
    EXPECT_THROW(row->text(1), DatabaseError);
    EXPECT_THROW(row->optional_integer(4), DatabaseError);
    EXPECT_FALSE(database->query_one("SELECT 1 WHERE 0"));
}

TEST(SqliteDatabase, RefusesMismatchedParametersAndSecondStatements)
{
    TemporaryDatabase database;
    EXPECT_THROW(database->query("SELECT $1, $2", { 1 }), DatabaseError);
    EXPECT_THROW(database->query("SELECT $1", { 1, 2 }), DatabaseError);
    EXPECT_THROW(database->query("SELECT 1; SELECT 2"), DatabaseError);
    EXPECT_THROW(database->query("SELECT * FROM no_such_table"), DatabaseError);
    EXPECT_EQ(database->query("SELECT 1;").size(), 1u);
}

TEST(SqliteDatabase, ThrowsConstraintErrorsNamingTheConstraint)
{
    TemporaryDatabase database;
    database.insert_user("ada");
    auto transaction = database->begin();
    try {
        transaction.execute("INSERT INTO users (username, username_key, display_name, email, email_key, password_hash, role, created_at) "
                            "VALUES ('Ada', 'ada', 'Ada', 'other@example.org', 'other@example.org', 'h', 'member', 0)");
        ADD_FAILURE() << "duplicate username accepted";
    } catch (ConstraintError const& error) {
        EXPECT_EQ(error.constraint(), Constraint::Unique);
        EXPECT_EQ(error.detail(), "users.username_key");
    }
    try {
        transaction.execute("INSERT INTO articles (author_id, title, slug, body_markdown, body_html, status, created_at, updated_at) "
                            "VALUES (999, 't', 's', '', '', 'draft', 0, 0)");
        ADD_FAILURE() << "article by an unknown author accepted";
    } catch (ConstraintError const& error) {
        EXPECT_EQ(error.constraint(), Constraint::ForeignKey);
    }
    try {
        transaction.execute("UPDATE users SET role = 'emperor'");
        ADD_FAILURE() << "unknown role accepted";
    } catch (ConstraintError const& error) {
        EXPECT_EQ(error.constraint(), Constraint::Check);
    }
    // A refused statement leaves the transaction usable (on SQLite).
    EXPECT_EQ(transaction.query_one("SELECT COUNT(*) FROM users")->integer(0), 1);
    transaction.commit();
}

TEST(SqliteDatabase, DeletingAnArticleDeletesItsCommentsAndReplies)
{
    TemporaryDatabase database;
    auto const author = database.insert_user("ada");
    auto transaction = database->begin();
    auto const article = transaction.query_one(
                                        "INSERT INTO articles (author_id, title, slug, body_markdown, body_html, status, created_at, updated_at) "
                                        "VALUES ($1, 't', 's', '', '', 'draft', 0, 0) RETURNING id",
                                        { author })
                             ->integer(0);
    auto const comment = transaction.query_one(
                                        "INSERT INTO comments (article_id, author_id, body_markdown, body_html, status, created_at) "
                                        "VALUES ($1, $2, 'a', 'a', 'approved', 1) RETURNING id",
                                        { article, author })
                             ->integer(0);
    transaction.execute("INSERT INTO comments (article_id, author_id, parent_id, body_markdown, body_html, status, created_at) "
                        "VALUES ($1, $2, $3, 'b', 'b', 'approved', 2)",
        { article, author, comment });
    EXPECT_EQ(transaction.execute("DELETE FROM articles WHERE id = $1", { article }), 1);
    EXPECT_EQ(transaction.query_one("SELECT COUNT(*) FROM comments")->integer(0), 0);
    transaction.commit();
}

TEST(SqliteDatabase, OneTransactionAtATime)
{
    TemporaryDatabase database;
    auto first = database->begin();
    std::atomic<bool> second_began = false;
    std::thread other([&] {
        auto second = database->begin();
        second_began = true;
        second.execute("INSERT INTO site_settings (key, value) VALUES ('name', 'second')");
        second.commit();
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    EXPECT_FALSE(second_began);
    first.execute("INSERT INTO site_settings (key, value) VALUES ('tagline', 'first')");
    first.commit();
    other.join();
    EXPECT_TRUE(second_began);
    EXPECT_EQ(count_rows(*database, "SELECT COUNT(*) FROM site_settings"), 2);
}

TEST(SqliteDatabase, ReadsFromManyThreadsWhileTheWriterCommits)
{
    TemporaryDatabase database(TemporaryDatabase::Schema::Empty);
    create_table(*database, "CREATE TABLE counter (value INTEGER NOT NULL)");
    create_table(*database, "INSERT INTO counter (value) VALUES (0)");

    // More readers than the pool holds, so some wait for a connection.
    constexpr int reader_threads = 10;
    constexpr std::int64_t commits = 50;
    std::atomic<bool> writing = true;
    std::atomic<int> reads = 0;
    std::atomic<int> failures = 0;
    std::vector<std::thread> readers;
    for (int i = 0; i < reader_threads; ++i) {
        readers.emplace_back([&] {
            std::int64_t last = 0;
            try {
                while (writing) {
                    auto const value = database->query_one("SELECT value FROM counter")->integer(0);
                    if (value < last)
                        ++failures; // a committed value went missing
                    last = value;
                    ++reads;
                    // A breath between reads, so a loaded machine still schedules the writer.
                    std::this_thread::sleep_for(std::chrono::microseconds(200));
                }
            } catch (std::exception const& error) {
                ADD_FAILURE() << error.what();
                ++failures;
            }
        });
    }
    for (std::int64_t i = 1; i <= commits; ++i) {
        auto transaction = database->begin();
        transaction.execute("UPDATE counter SET value = $1", { i });
        transaction.commit();
        EXPECT_EQ(database->query_one("SELECT value FROM counter")->integer(0), i);
    }
    writing = false;
    for (auto& reader : readers)
        reader.join();
    EXPECT_EQ(failures, 0);
    EXPECT_GT(reads, 0);
}

TEST(SqliteDatabase, RunsStatementsBeyondTheCache)
{
    TemporaryDatabase database(TemporaryDatabase::Schema::Empty);
    auto transaction = database->begin();
    for (int i = 0; i < 300; ++i)
        EXPECT_EQ(transaction.query_one("SELECT $1 + " + std::to_string(i), { 1 })->integer(0), i + 1);
    transaction.commit();
}

TEST(SqliteDatabase, CloseIsIdempotentAndLeavesNoWal)
{
    TemporaryDatabase database;
    create_table(*database, "INSERT INTO site_settings (key, value) VALUES ('name', 'x')");
    EXPECT_EQ(count_rows(*database, "SELECT COUNT(*) FROM site_settings"), 1);
    database->close();
    database->close();
    EXPECT_THROW(database->query("SELECT 1"), DatabaseError);
    EXPECT_THROW(database->begin(), DatabaseError);
    EXPECT_THROW(database->migrate(), DatabaseError);
    auto const wal = database.path().string() + "-wal";
    EXPECT_TRUE(!std::filesystem::exists(wal) || std::filesystem::file_size(wal) == 0);
}
