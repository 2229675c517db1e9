// The vocabulary for expected failures: not found, invalid input, conflicts, refusals.
// They travel as values (Result<T>) and become status codes in one place (src/web);
// exceptions are kept for what is truly exceptional (a lost disk, a bug).
#pragma once

#include <expected>
#include <string>

namespace core {

enum class ErrorKind { NotFound,
    Invalid,
    Conflict,
    Unauthorized,
    Forbidden,
    Throttled };

struct Error {
    ErrorKind kind;
    std::string message; // shown to the visitor: no SQL, no paths
    std::string field = {}; // for Invalid: which form field
};

template <typename T>
using Result = std::expected<T, Error>;

inline std::unexpected<Error> fail(ErrorKind kind, std::string message, std::string field = {})
{
    return std::unexpected(Error { kind, std::move(message), std::move(field) });
}

}
