// Test support: a fresh SQLite database in its own temporary folder, migrated, and removed
// with the folder afterwards. Shared by the storage, auth and content tests, which run
// their stores against a real file rather than a fake.
#pragma once

#include "storage/database.h"

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <system_error>

namespace testing_support {

class TemporaryFolder {
public:
    TemporaryFolder()
    {
        auto pattern = (std::filesystem::temp_directory_path() / "tribune-test-XXXXXX").string();
        if (!mkdtemp(pattern.data()))
            throw std::system_error(errno, std::generic_category(), "mkdtemp");
        m_path = pattern;
    }
    ~TemporaryFolder()
    {
        std::error_code ignored_on_purpose; // a leftover temporary folder must not fail a test
        std::filesystem::remove_all(m_path, ignored_on_purpose);
    }
    TemporaryFolder(TemporaryFolder const&) = delete;
    TemporaryFolder& operator=(TemporaryFolder const&) = delete;

    std::filesystem::path const& path() const { return m_path; }

private:
    std::filesystem::path m_path;
};

class TemporaryDatabase {
public:
    enum class Schema { Migrated,
        Empty };

    explicit TemporaryDatabase(Schema schema = Schema::Migrated)
        : m_database(storage::open_database(path().string()))
    {
        if (schema == Schema::Migrated)
            m_database->migrate();
    }
    ~TemporaryDatabase() { m_database->close(); }

    storage::Database& operator*() { return *m_database; }
    storage::Database* operator->() { return m_database.get(); }
    std::filesystem::path path() const { return m_folder.path() / "tribune.db"; }
    std::filesystem::path const& folder() const { return m_folder.path(); }

    // A member row written with SQL, for stores that read users but cannot create them.
    std::int64_t insert_user(std::string const& username, std::string const& role = "author")
    {
        auto transaction = m_database->begin();
        auto const row = transaction.query_one(
            "INSERT INTO users (username, username_key, display_name, email, email_key, password_hash, role, bio, created_at) "
            "VALUES ($1, lower($1), $2, $3, lower($3), 'no hash', $4, $5, 0) RETURNING id",
            { username, "Display " + username, username + "@example.org", role, "Bio of " + username });
        transaction.commit();
        return row->integer(0);
    }

private:
    TemporaryFolder m_folder; // declared first: outlives the database
    std::unique_ptr<storage::Database> m_database;
};

}
