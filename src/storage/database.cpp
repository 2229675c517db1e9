#include "storage/database.h"

#include "storage/sqlite/sqlite_database.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

namespace storage {

namespace {

char const* type_name(Value const& value)
{
    if (value.is_null())
        return "NULL";
    if (value.is_integer())
        return "an integer";
    if (value.is_real())
        return "a real number";
    return "text";
}

[[noreturn]] void throw_type_mismatch(Value const& value, char const* wanted)
{
    throw DatabaseError(fmt::format("expected {} from the database, found {}", wanted, type_name(value)));
}

}

std::int64_t Value::integer() const
{
    if (!is_integer())
        throw_type_mismatch(*this, "an integer");
    return std::get<std::int64_t>(m_value);
}

double Value::real() const
{
    if (!is_real())
        throw_type_mismatch(*this, "a real number");
    return std::get<double>(m_value);
}

std::string const& Value::text() const
{
    if (!is_text())
        throw_type_mismatch(*this, "text");
    return std::get<std::string>(m_value);
}

std::optional<std::string> Row::optional_text(std::size_t index) const
{
    auto const& value = m_columns.at(index);
    if (value.is_null())
        return std::nullopt;
    return value.text();
}

std::optional<std::int64_t> Row::optional_integer(std::size_t index) const
{
    auto const& value = m_columns.at(index);
    if (value.is_null())
        return std::nullopt;
    return value.integer();
}

Transaction::~Transaction()
{
    if (!m_impl || m_done)
        return;
    // A destructor must not throw; a failed rollback is logged, and the driver resets the
    // connection before the next transaction.
    try {
        m_impl->rollback();
    } catch (std::exception const& error) {
        spdlog::error("database: rollback failed: {}", error.what());
    }
}

std::optional<Row> Transaction::query_one(std::string_view sql, Params params)
{
    auto rows = query(sql, params);
    if (rows.empty())
        return std::nullopt;
    return std::move(rows.front());
}

void Transaction::commit()
{
    if (!m_impl || m_done)
        throw DatabaseError("commit() on a transaction that is already finished");
    m_impl->commit();
    m_done = true;
}

std::optional<Row> Database::query_one(std::string_view sql, Params params)
{
    auto rows = read(sql, params);
    if (rows.empty())
        return std::nullopt;
    return std::move(rows.front());
}

std::unique_ptr<Database> open_database(std::string const& url)
{
    auto const scheme_end = url.find("://");
    if (scheme_end != std::string::npos) {
        auto const scheme = std::string_view(url).substr(0, scheme_end);
        if (scheme != "sqlite")
            throw DatabaseError(fmt::format("unsupported database URL scheme \"{}\" (this build supports sqlite)", scheme));
    }
    return sqlite::open(sqlite::path_from_url(url));
}

}
