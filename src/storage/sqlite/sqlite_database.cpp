#include "storage/sqlite/sqlite_database.h"

#include "core/embedded_file.h"
#include "storage/sqlite/sqlite_connection.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <condition_variable>
#include <fmt/format.h>
#include <mutex>
#include <semaphore>
#include <spdlog/spdlog.h>
#include <utility>

namespace storage::sqlite_migrations {
std::span<core::EmbeddedFile const> embedded_files();
}

namespace storage::sqlite {

namespace {

// Enough for the database pool's threads; a read past this waits for a free connection.
constexpr std::size_t max_reader_connections = 8;

constexpr auto create_schema_migrations = R"sql(
CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at INTEGER NOT NULL
))sql";

constexpr auto select_migration = R"sql(
SELECT 1 FROM schema_migrations WHERE version = $1)sql";

constexpr auto insert_migration = R"sql(
INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3))sql";

// The right to use the writer connection. A semaphore rather than a mutex: a transaction
// may end on another thread than the one that began it (a coroutine resumed elsewhere),
// and unlocking a std::mutex from another thread is undefined.
class WriterLease {
public:
    explicit WriterLease(std::binary_semaphore& gate)
        : m_gate(&gate)
    {
        gate.acquire();
    }
    WriterLease(WriterLease&& other) noexcept
        : m_gate(std::exchange(other.m_gate, nullptr))
    {
    }
    WriterLease& operator=(WriterLease&&) = delete;
    ~WriterLease() { release(); }

    void release()
    {
        if (m_gate)
            std::exchange(m_gate, nullptr)->release();
    }

private:
    std::binary_semaphore* m_gate;
};

// A write transaction on the writer connection; holds the writer until it ends.
class SqliteTransaction final : public TransactionImpl {
public:
    SqliteTransaction(Connection& connection, WriterLease lease)
        : m_connection(connection)
        , m_lease(std::move(lease))
    {
        // A ROLLBACK that failed earlier can leave the connection inside a transaction;
        // without this every later BEGIN would fail.
        if (m_connection.in_transaction()) {
            spdlog::warn("database: the writer was left inside a transaction; rolling it back");
            m_connection.execute_script("ROLLBACK");
        }
        // IMMEDIATE takes the write lock now, so a transaction that reads then writes
        // cannot fail halfway with SQLITE_BUSY because another process wrote first.
        m_connection.execute("BEGIN IMMEDIATE", {});
    }
    ~SqliteTransaction() override { rollback(); }

    std::vector<Row> query(std::string_view sql, std::vector<Value> const& params) override
    {
        require_active();
        return m_connection.query(sql, params);
    }

    std::int64_t execute(std::string_view sql, std::vector<Value> const& params) override
    {
        require_active();
        return m_connection.execute(sql, params);
    }

    void execute_script(std::string const& sql)
    {
        require_active();
        m_connection.execute_script(sql);
    }

    void commit() override
    {
        require_active();
        // On failure the transaction stays active, and rollback() undoes what is left.
        m_connection.execute("COMMIT", {});
        m_active = false;
        m_lease.release();
    }

    void rollback() override
    {
        if (!m_active)
            return;
        m_active = false;
        if (m_connection.in_transaction()) {
            try {
                m_connection.execute("ROLLBACK", {});
            } catch (DatabaseError const& error) {
                // Logged, not thrown: this runs in destructors. The next transaction
                // rolls the connection back before it begins.
                spdlog::error("database: rollback failed: {}", error.what());
            }
        }
        m_lease.release();
    }

private:
    void require_active() const
    {
        if (!m_active)
            throw DatabaseError("statement on a transaction that is already finished");
    }

    Connection& m_connection;
    WriterLease m_lease;
    bool m_active = true;
};

struct Migration {
    std::int64_t version;
    std::string name;
    std::string_view file;
    std::string_view sql;
};

// The embedded files "0001_initial.sql", ... as migrations in version order.
std::vector<Migration> embedded_migrations()
{
    std::vector<Migration> migrations;
    for (auto const& file : sqlite_migrations::embedded_files()) {
        auto const path = file.path;
        auto const underscore = path.find('_');
        std::int64_t version = 0;
        bool valid = underscore != std::string_view::npos && path.ends_with(".sql") && underscore + 1 < path.size() - 4;
        if (valid) {
            auto const [end, error] = std::from_chars(path.data(), path.data() + underscore, version);
            valid = error == std::errc {} && end == path.data() + underscore && version > 0;
        }
        if (!valid)
            throw DatabaseError(fmt::format("migration file names look like 0001_what_it_does.sql, not {}", path));
        auto name = std::string(path.substr(underscore + 1, path.size() - 4 - (underscore + 1)));
        migrations.push_back({ version, std::move(name), path, file.bytes });
    }
    std::ranges::sort(migrations, {}, &Migration::version);
    auto const duplicate = std::ranges::adjacent_find(migrations, {}, &Migration::version);
    if (duplicate != migrations.end())
        throw DatabaseError(fmt::format("two migrations share version {}: {} and {}", duplicate->version, duplicate->file, std::next(duplicate)->file));
    return migrations;
}

class SqliteDatabase final : public Database {
public:
    explicit SqliteDatabase(std::string path)
        : m_path(std::move(path))
        , m_writer(std::make_unique<Connection>(m_path, Access::ReadWrite))
    {
        // Returning a reader never allocates, so it cannot fail.
        m_idle_readers.reserve(max_reader_connections);
    }

    ~SqliteDatabase() override
    {
        try {
            close();
        } catch (std::exception const& error) {
            spdlog::error("database: closing {} failed: {}", m_path, error.what());
        }
    }

    Dialect dialect() const override { return Dialect::Sqlite; }

    Transaction begin() override { return Transaction(begin_write()); }

    int migrate() override
    {
        auto const migrations = embedded_migrations();
        {
            auto transaction = begin_write();
            transaction->execute(create_schema_migrations, {});
            transaction->commit();
        }
        int applied = 0;
        for (auto const& migration : migrations) {
            auto transaction = begin_write();
            // Checked under the write lock: a second process migrating at the same time
            // waits here, then finds the record and skips.
            if (!transaction->query(select_migration, { migration.version }).empty())
                continue;
            try {
                // PRAGMA foreign_keys is a no-op inside a transaction: a migration that
                // rebuilds a table must keep its references valid by itself.
                transaction->execute_script(std::string(migration.sql));
            } catch (DatabaseError const& error) {
                throw DatabaseError(fmt::format("migration {} failed: {}", migration.file, error.what()));
            }
            auto const now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
            transaction->execute(insert_migration, { migration.version, migration.name, static_cast<std::int64_t>(now) });
            transaction->commit();
            ++applied;
        }
        return applied;
    }

    void close() override
    {
        {
            std::unique_lock lock(m_readers_mutex);
            m_closed = true;
            m_reader_returned.notify_all();
            // Reads in flight finish first; new ones are refused.
            m_reader_returned.wait(lock, [&] { return m_idle_readers.size() == m_reader_count; });
            m_idle_readers.clear();
            m_reader_count = 0;
        }
        // Waits for an open transaction to end.
        WriterLease lease(m_writer_gate);
        if (!m_writer)
            return;
        // Fold the WAL back into the file, so the file alone is the whole database (for a
        // copy or backup). The data is safe in the WAL either way, so failure is a warning.
        try {
            auto const rows = m_writer->query("PRAGMA wal_checkpoint(TRUNCATE)", {});
            if (!rows.empty() && rows.front().integer(0) != 0)
                spdlog::warn("database: WAL checkpoint of {} incomplete: another process is reading", m_path);
        } catch (DatabaseError const& error) {
            spdlog::warn("database: WAL checkpoint of {} failed: {}", m_path, error.what());
        }
        m_writer.reset();
    }

protected:
    std::vector<Row> read(std::string_view sql, std::vector<Value> const& params) override
    {
        auto reader = acquire_reader();
        struct ReturnOnExit {
            SqliteDatabase& database;
            std::unique_ptr<Connection>& reader;
            ~ReturnOnExit() { database.release_reader(std::move(reader)); }
        } const return_on_exit { *this, reader };
        return reader->query(sql, params);
    }

private:
    std::unique_ptr<SqliteTransaction> begin_write()
    {
        WriterLease lease(m_writer_gate);
        if (!m_writer)
            throw DatabaseError("the database is closed");
        return std::make_unique<SqliteTransaction>(*m_writer, std::move(lease));
    }

    std::unique_ptr<Connection> acquire_reader()
    {
        std::unique_lock lock(m_readers_mutex);
        m_reader_returned.wait(lock, [&] {
            return m_closed || !m_idle_readers.empty() || m_reader_count < max_reader_connections;
        });
        if (m_closed)
            throw DatabaseError("the database is closed");
        if (!m_idle_readers.empty()) {
            auto reader = std::move(m_idle_readers.back());
            m_idle_readers.pop_back();
            return reader;
        }
        ++m_reader_count;
        lock.unlock();
        try {
            return std::make_unique<Connection>(m_path, Access::ReadOnly);
        } catch (...) {
            lock.lock();
            --m_reader_count;
            m_reader_returned.notify_all();
            throw;
        }
    }

    void release_reader(std::unique_ptr<Connection> reader)
    {
        std::lock_guard lock(m_readers_mutex);
        m_idle_readers.push_back(std::move(reader));
        m_reader_returned.notify_all();
    }

    std::string const m_path;

    std::binary_semaphore m_writer_gate { 1 };
    std::unique_ptr<Connection> m_writer; // null once closed; used only under m_writer_gate

    std::mutex m_readers_mutex;
    std::condition_variable m_reader_returned;
    std::vector<std::unique_ptr<Connection>> m_idle_readers;
    std::size_t m_reader_count = 0; // open readers, idle or lent out
    bool m_closed = false;
};

}

std::unique_ptr<Database> open(std::filesystem::path const& path)
{
    std::error_code error;
    auto const absolute = std::filesystem::absolute(path, error).lexically_normal();
    if (error)
        throw DatabaseError(fmt::format("cannot open database at {}: {}", path.string(), error.message()));
    auto const folder = absolute.parent_path();
    if (!folder.empty()) {
        std::filesystem::create_directories(folder, error);
        if (error)
            throw DatabaseError(fmt::format("cannot open database at {}: cannot create the folder {}: {}", absolute.string(), folder.string(), error.message()));
    }
    return std::make_unique<SqliteDatabase>(absolute.string());
}

std::filesystem::path path_from_url(std::string_view url)
{
    constexpr std::string_view scheme = "sqlite://";
    auto const path = url.starts_with(scheme) ? url.substr(scheme.size()) : url;
    if (path.empty())
        throw DatabaseError("the database URL names no file");
    if (path == ":memory:")
        throw DatabaseError("in-memory databases are not supported: the writer and the readers share a file");
    return std::filesystem::path(path);
}

}
