// The SQLite driver behind storage::Database. One writer connection, taken by one
// transaction at a time (BEGIN IMMEDIATE), and a small pool of read-only connections for
// reads from any thread. WAL with synchronous=FULL, so an acknowledged commit survives
// kill -9 and power loss (SECURITY.md 22). No sqlite3 type appears outside this folder.
#pragma once

#include "storage/database.h"

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

namespace storage::sqlite {

// Opens (creating when missing) the database file and its folder, and sets the PRAGMAs.
// Throws DatabaseError("cannot open database at PATH: REASON").
std::unique_ptr<Database> open(std::filesystem::path const& path);

// "sqlite:///abs/x.db" -> "/abs/x.db", "sqlite://rel/x.db" -> "rel/x.db", anything else
// is taken as a path. Throws DatabaseError for an empty path or ":memory:" (readers
// need a file to share).
std::filesystem::path path_from_url(std::string_view url);

// Rewrites PostgreSQL-style $N placeholders to ?N, leaving string literals, quoted
// identifiers and comments alone. SQLite numbers a bare $N by order of appearance, so
// without this `SELECT $2, $1` would bind its values swapped.
std::string rewrite_placeholders(std::string_view sql);

}
