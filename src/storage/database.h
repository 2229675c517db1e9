// The database layer's one interface. Stores write each query once with PostgreSQL-style
// `$1, $2` placeholders and bind every value; drivers (sqlite/, later postgres/) run them.
// Reads may run on any thread concurrently; writes go through a Transaction, which holds
// the single writer and rolls back in its destructor unless commit() ran.
// Driver failures (disk full, corrupt file, lost connection) throw storage::DatabaseError.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace storage {

enum class Dialect { Sqlite,
    Postgres };

class DatabaseError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Which rule a refused write broke. Stores turn Unique into core::ErrorKind::Conflict.
enum class Constraint { Unique,
    ForeignKey,
    Check,
    NotNull,
    Other };

// A write refused by a constraint. detail() names what refused it without the SQL text:
// "users.email_key" on SQLite, the constraint's name on PostgreSQL; both contain the column.
class ConstraintError : public DatabaseError {
public:
    ConstraintError(Constraint constraint, std::string const& message, std::string detail)
        : DatabaseError(message)
        , m_constraint(constraint)
        , m_detail(std::move(detail))
    {
    }
    Constraint constraint() const { return m_constraint; }
    std::string const& detail() const { return m_detail; }

private:
    Constraint m_constraint;
    std::string m_detail;
};

// A bound parameter or a column value.
class Value {
public:
    Value() = default; // NULL
    Value(std::nullptr_t) { }
    Value(std::int64_t value)
        : m_value(value)
    {
    }
    Value(int value)
        : m_value(static_cast<std::int64_t>(value))
    {
    }
    Value(double value)
        : m_value(value)
    {
    }
    Value(std::string value)
        : m_value(std::move(value))
    {
    }
    Value(std::string_view value)
        : m_value(std::string(value))
    {
    }
    Value(char const* value)
        : m_value(std::string(value))
    {
    }
    template <typename T>
    Value(std::optional<T> const& value)
    {
        if (value)
            *this = Value(*value);
    }

    bool is_null() const { return std::holds_alternative<std::monostate>(m_value); }
    bool is_integer() const { return std::holds_alternative<std::int64_t>(m_value); }
    bool is_real() const { return std::holds_alternative<double>(m_value); }
    bool is_text() const { return std::holds_alternative<std::string>(m_value); }
    // Typed access; throws DatabaseError when the value has another type (NULL included).
    std::int64_t integer() const;
    double real() const;
    std::string const& text() const;

private:
    std::variant<std::monostate, std::int64_t, double, std::string> m_value;
};

using Params = std::initializer_list<Value>;

// One result row; columns by position, in SELECT order.
class Row {
public:
    explicit Row(std::vector<Value> columns)
        : m_columns(std::move(columns))
    {
    }
    std::size_t size() const { return m_columns.size(); }
    Value const& operator[](std::size_t index) const { return m_columns.at(index); }
    std::int64_t integer(std::size_t index) const { return m_columns.at(index).integer(); }
    std::string const& text(std::size_t index) const { return m_columns.at(index).text(); }
    std::optional<std::string> optional_text(std::size_t index) const;
    std::optional<std::int64_t> optional_integer(std::size_t index) const;

private:
    std::vector<Value> m_columns;
};

// Statements run inside one transaction on the writer connection.
class TransactionImpl {
public:
    virtual ~TransactionImpl() = default;
    virtual std::vector<Row> query(std::string_view sql, std::vector<Value> const& params) = 0;
    virtual std::int64_t execute(std::string_view sql, std::vector<Value> const& params) = 0;
    virtual void commit() = 0;
    virtual void rollback() = 0;
};

// RAII: rolls back when destroyed without commit(). Not shared between threads.
class Transaction {
public:
    explicit Transaction(std::unique_ptr<TransactionImpl> impl)
        : m_impl(std::move(impl))
    {
    }
    Transaction(Transaction&&) noexcept = default;
    Transaction& operator=(Transaction&&) noexcept = default;
    ~Transaction();

    std::vector<Row> query(std::string_view sql, Params params = {}) { return m_impl->query(sql, params); }
    std::optional<Row> query_one(std::string_view sql, Params params = {});
    // Runs a statement; returns the number of rows it changed.
    std::int64_t execute(std::string_view sql, Params params = {}) { return m_impl->execute(sql, params); }
    void commit();

private:
    std::unique_ptr<TransactionImpl> m_impl;
    bool m_done = false;
};

class Database {
public:
    virtual ~Database() = default;
    virtual Dialect dialect() const = 0;

    // A read outside any transaction; safe to call from many threads at once.
    std::vector<Row> query(std::string_view sql, Params params = {}) { return read(sql, params); }
    std::optional<Row> query_one(std::string_view sql, Params params = {});
    // Starts a write transaction; blocks while another one is open (one writer at a time).
    // Readers do not see its writes until it commits.
    virtual Transaction begin() = 0;
    // Runs pending migrations, each in its own transaction; returns how many ran.
    virtual int migrate() = 0;
    // Closes every connection cleanly (checkpointing the WAL on SQLite), after waiting for
    // reads in flight and an open transaction. Idempotent; later calls throw DatabaseError.
    virtual void close() = 0;

protected:
    virtual std::vector<Row> read(std::string_view sql, std::vector<Value> const& params) = 0;
};

// Opens a database from a URL: "sqlite:///abs/path.db", "sqlite://relative/path.db" or a
// plain file path, creating the file and its folder when missing. Does not migrate.
// Throws DatabaseError with a one-line message when it cannot.
std::unique_ptr<Database> open_database(std::string const& url);

}
