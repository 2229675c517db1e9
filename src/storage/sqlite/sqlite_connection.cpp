#include "storage/sqlite/sqlite_connection.h"

#include "storage/sqlite/sqlite_database.h"

#include <algorithm>
#include <cctype>
#include <fmt/format.h>
#include <sqlite3.h>

namespace storage::sqlite {

namespace {

// How long a statement waits for a lock held by another process (e.g. `tribune migrate`
// beside a running server) before failing with "database is locked".
constexpr int busy_timeout_milliseconds = 5000;
// Store queries are constants, so the cache stays small; past this, statements built at
// run time are prepared, used once and finalised rather than kept forever.
constexpr std::size_t max_cached_statements = 256;
constexpr std::size_t max_sql_in_messages = 120;

bool is_word_character(char c)
{
    auto const byte = static_cast<unsigned char>(c);
    return std::isalnum(byte) || c == '_' || c == '$' || byte >= 0x80;
}

bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

// The statement on one line, shortened, for error messages and logs (never its values:
// those are bound, not part of the text).
std::string summarise(std::string_view sql)
{
    std::string summary;
    bool pending_space = false;
    for (char c : sql) {
        if (std::isspace(static_cast<unsigned char>(c))) {
            pending_space = !summary.empty();
            continue;
        }
        if (pending_space)
            summary += ' ';
        pending_space = false;
        summary += c;
        if (summary.size() >= max_sql_in_messages) {
            summary += "...";
            break;
        }
    }
    return summary;
}

Constraint constraint_of(int code)
{
    switch (code) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
        return Constraint::Unique;
    case SQLITE_CONSTRAINT_FOREIGNKEY:
        return Constraint::ForeignKey;
    case SQLITE_CONSTRAINT_CHECK:
        return Constraint::Check;
    case SQLITE_CONSTRAINT_NOTNULL:
        return Constraint::NotNull;
    default:
        return Constraint::Other;
    }
}

[[noreturn]] void throw_error(int code, std::string const& reason, std::string_view sql)
{
    auto message = fmt::format("{} (in: {})", reason, summarise(sql));
    if ((code & 0xff) == SQLITE_CONSTRAINT) {
        // "UNIQUE constraint failed: users.email_key": keep what follows the colon.
        constexpr std::string_view marker = "constraint failed: ";
        auto const at = reason.find(marker);
        auto detail = at == std::string::npos ? reason : reason.substr(at + marker.size());
        throw ConstraintError(constraint_of(code), message, std::move(detail));
    }
    throw DatabaseError(message);
}

[[noreturn]] void throw_error(sqlite3* handle, int code, std::string_view sql)
{
    throw_error(code, sqlite3_errmsg(handle), sql);
}

void bind(sqlite3* handle, sqlite3_stmt* statement, std::vector<Value> const& params, std::string_view sql)
{
    auto const expected = static_cast<std::size_t>(sqlite3_bind_parameter_count(statement));
    if (params.size() != expected)
        throw DatabaseError(fmt::format("statement takes {} parameters but {} were given (in: {})", expected, params.size(), summarise(sql)));
    for (std::size_t i = 0; i < params.size(); ++i) {
        auto const& value = params[i];
        int const index = static_cast<int>(i + 1);
        int code = SQLITE_OK;
        if (value.is_null())
            code = sqlite3_bind_null(statement, index);
        else if (value.is_integer())
            code = sqlite3_bind_int64(statement, index, value.integer());
        else if (value.is_real())
            code = sqlite3_bind_double(statement, index, value.real());
        else
            // SQLITE_STATIC: no copy. The caller's values outlive the statement's use, and
            // run() clears the bindings before it returns.
            code = sqlite3_bind_text64(statement, index, value.text().data(), value.text().size(), SQLITE_STATIC, SQLITE_UTF8);
        if (code != SQLITE_OK)
            throw_error(handle, code, sql);
    }
}

Value column_value(sqlite3_stmt* statement, int index)
{
    switch (sqlite3_column_type(statement, index)) {
    case SQLITE_NULL:
        return Value();
    case SQLITE_INTEGER:
        return Value(static_cast<std::int64_t>(sqlite3_column_int64(statement, index)));
    case SQLITE_FLOAT:
        return Value(sqlite3_column_double(statement, index));
    case SQLITE_BLOB: {
        auto const* bytes = static_cast<char const*>(sqlite3_column_blob(statement, index));
        auto const size = static_cast<std::size_t>(sqlite3_column_bytes(statement, index));
        return Value(bytes ? std::string(bytes, size) : std::string());
    }
    default: {
        // The pointer first, then the size: the documented order.
        auto const* text = reinterpret_cast<char const*>(sqlite3_column_text(statement, index));
        auto const size = static_cast<std::size_t>(sqlite3_column_bytes(statement, index));
        return Value(text ? std::string(text, size) : std::string());
    }
    }
}

Row read_row(sqlite3_stmt* statement)
{
    int const count = sqlite3_column_count(statement);
    std::vector<Value> columns;
    columns.reserve(static_cast<std::size_t>(count));
    for (int i = 0; i < count; ++i)
        columns.push_back(column_value(statement, i));
    return Row(std::move(columns));
}

// Resets and unbinds a statement however its use ends, so a cached statement neither keeps
// a read transaction open nor points at the caller's strings.
struct ResetOnExit {
    sqlite3_stmt* statement;
    ~ResetOnExit()
    {
        sqlite3_reset(statement);
        sqlite3_clear_bindings(statement);
    }
};

}

std::string rewrite_placeholders(std::string_view sql)
{
    std::string result;
    result.reserve(sql.size());
    auto copy_until = [&](std::size_t from, std::size_t end) {
        end = std::min(end, sql.size());
        result.append(sql.substr(from, end - from));
        return end;
    };
    std::size_t i = 0;
    bool in_word = false; // a '$' inside a word is part of an identifier, not a placeholder
    while (i < sql.size()) {
        char const c = sql[i];
        if (c == '\'' || c == '"' || c == '`' || c == '[') {
            // Literal or quoted identifier, up to its closing quote. A doubled quote ('it''s')
            // reads as one literal closing and the next opening, which copies the same text.
            char const closing = c == '[' ? ']' : c;
            auto const end = sql.find(closing, i + 1);
            i = copy_until(i, end == std::string_view::npos ? sql.size() : end + 1);
            in_word = false;
        } else if (sql.substr(i, 2) == "--") {
            i = copy_until(i, sql.find('\n', i));
            in_word = false;
        } else if (sql.substr(i, 2) == "/*") {
            auto const end = sql.find("*/", i + 2);
            i = copy_until(i, end == std::string_view::npos ? sql.size() : end + 2);
            in_word = false;
        } else if (c == '$' && !in_word && i + 1 < sql.size() && is_digit(sql[i + 1])) {
            result += '?';
            ++i;
            while (i < sql.size() && is_digit(sql[i]))
                result += sql[i++];
            in_word = false;
        } else {
            result += c;
            in_word = is_word_character(c);
            ++i;
        }
    }
    return result;
}

void Connection::StatementDeleter::operator()(sqlite3_stmt* statement) const
{
    sqlite3_finalize(statement);
}

struct Connection::PreparedStatement {
    sqlite3_stmt* statement = nullptr;
    StatementPointer owned; // set when the cache was full: finalised after this one use
};

Connection::Connection(std::string const& path, Access access)
{
    int const flags = (access == Access::ReadOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
        | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
    int const code = sqlite3_open_v2(path.c_str(), &m_handle, flags, nullptr);
    std::string reason;
    if (code != SQLITE_OK) {
        reason = m_handle ? sqlite3_errmsg(m_handle) : sqlite3_errstr(code);
    } else {
        try {
            apply_pragmas(access);
            return;
        } catch (DatabaseError const& error) {
            // Report SQLite's own reason ("file is not a database"), not the PRAGMA's text.
            reason = error.what();
            reason = reason.substr(0, reason.find(" (in: "));
        }
    }
    m_statements.clear();
    sqlite3_close_v2(m_handle);
    m_handle = nullptr;
    throw DatabaseError(fmt::format("cannot open database at {}: {}", path, reason));
}

Connection::~Connection()
{
    m_statements.clear(); // finalise every statement before the connection goes
    sqlite3_close_v2(m_handle);
}

void Connection::apply_pragmas(Access access)
{
    sqlite3_busy_timeout(m_handle, busy_timeout_milliseconds);
    if (access == Access::ReadWrite) {
        // Defensive mode refuses writable_schema and other ways to corrupt the file by SQL.
        sqlite3_db_config(m_handle, SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
        // The journal mode is stored in the file; readers find it there.
        auto const rows = query("PRAGMA journal_mode = WAL", {});
        if (rows.empty() || rows.front().text(0) != "wal")
            throw DatabaseError("the database could not switch to WAL journaling");
    }
    // FULL: in WAL mode, NORMAL can lose the last commits on power loss (NOTES.md);
    // per connection, so readers set it too and report the same.
    execute_script("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA trusted_schema = OFF;");
}

Connection::PreparedStatement Connection::prepare(std::string_view sql)
{
    if (auto const found = m_statements.find(sql); found != m_statements.end())
        return { found->second.get(), nullptr };

    bool const cache = m_statements.size() < max_cached_statements;
    auto const rewritten = rewrite_placeholders(sql);
    sqlite3_stmt* raw = nullptr;
    char const* tail = nullptr;
    int const code = sqlite3_prepare_v3(m_handle, rewritten.data(), static_cast<int>(rewritten.size()),
        cache ? SQLITE_PREPARE_PERSISTENT : 0, &raw, &tail);
    StatementPointer statement(raw);
    if (code != SQLITE_OK)
        throw_error(m_handle, code, sql);
    if (!statement)
        throw DatabaseError(fmt::format("empty statement (in: {})", summarise(sql)));
    // One statement per call: a second one would silently never run.
    for (auto const* end = rewritten.data() + rewritten.size(); tail < end; ++tail) {
        if (!std::isspace(static_cast<unsigned char>(*tail)) && *tail != ';')
            throw DatabaseError(fmt::format("more than one statement in one query (in: {})", summarise(sql)));
    }
    if (!cache)
        return { raw, std::move(statement) };
    m_statements.emplace(std::string(sql), std::move(statement));
    return { raw, nullptr };
}

template <typename OnRow>
void Connection::run(std::string_view sql, std::vector<Value> const& params, OnRow on_row)
{
    auto const prepared = prepare(sql);
    ResetOnExit const reset { prepared.statement };
    bind(m_handle, prepared.statement, params, sql);
    for (;;) {
        int const code = sqlite3_step(prepared.statement);
        if (code == SQLITE_DONE)
            return;
        if (code != SQLITE_ROW)
            throw_error(m_handle, code, sql);
        on_row(prepared.statement);
    }
}

std::vector<Row> Connection::query(std::string_view sql, std::vector<Value> const& params)
{
    std::vector<Row> rows;
    run(sql, params, [&](sqlite3_stmt* statement) { rows.push_back(read_row(statement)); });
    return rows;
}

std::int64_t Connection::execute(std::string_view sql, std::vector<Value> const& params)
{
    // Rows a statement returns (RETURNING, some PRAGMAs) are stepped through and dropped.
    // sqlite3_changes64 keeps the count of the last INSERT, UPDATE or DELETE, so a statement
    // that changed nothing (DDL, a PRAGMA) must not report it.
    auto const before = sqlite3_total_changes64(m_handle);
    run(sql, params, [](sqlite3_stmt*) {});
    return sqlite3_total_changes64(m_handle) == before ? 0 : sqlite3_changes64(m_handle);
}

void Connection::execute_script(std::string const& sql)
{
    char* message = nullptr;
    int const code = sqlite3_exec(m_handle, sql.c_str(), nullptr, nullptr, &message);
    if (code == SQLITE_OK)
        return;
    std::string reason = message ? message : sqlite3_errstr(code);
    sqlite3_free(message);
    throw_error(code, reason, sql);
}

bool Connection::in_transaction() const
{
    return sqlite3_get_autocommit(m_handle) == 0;
}

}
