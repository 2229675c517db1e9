// One SQLite connection with its cache of prepared statements. Not thread-safe: the
// driver hands each connection to one thread at a time (the writer behind its gate, a
// reader through the pool). Failures throw DatabaseError, or ConstraintError for a
// refused write.
#pragma once

#include "storage/database.h"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace storage::sqlite {

enum class Access { ReadWrite,
    ReadOnly };

class Connection {
public:
    // Opens the file and applies the connection's PRAGMAs; ReadWrite creates the file.
    Connection(std::string const& path, Access access);
    ~Connection();
    Connection(Connection const&) = delete;
    Connection& operator=(Connection const&) = delete;

    // One statement with $N placeholders; every row is read before returning.
    std::vector<Row> query(std::string_view sql, std::vector<Value> const& params);
    // One statement; returns the number of rows it changed.
    std::int64_t execute(std::string_view sql, std::vector<Value> const& params);
    // Several statements, no parameters (migrations).
    void execute_script(std::string const& sql);
    // True between BEGIN and COMMIT/ROLLBACK, including after a failed COMMIT.
    bool in_transaction() const;

private:
    struct StatementDeleter {
        void operator()(sqlite3_stmt* statement) const;
    };
    using StatementPointer = std::unique_ptr<sqlite3_stmt, StatementDeleter>;
    struct PreparedStatement;

    struct TextHash {
        using is_transparent = void;
        std::size_t operator()(std::string_view text) const { return std::hash<std::string_view> {}(text); }
    };

    PreparedStatement prepare(std::string_view sql);
    template <typename OnRow>
    void run(std::string_view sql, std::vector<Value> const& params, OnRow on_row);
    void apply_pragmas(Access access);

    sqlite3* m_handle = nullptr;
    // Keyed by the statement's text as the store wrote it (before rewriting).
    std::unordered_map<std::string, StatementPointer, TextHash, std::equal_to<>> m_statements;
};

}
