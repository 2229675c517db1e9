// Percent-encoding (RFC 3986) and application/x-www-form-urlencoded bodies and query strings
// (WHATWG URL standard, section 5). Pure functions, safe on any thread.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace http {

using FormFields = std::vector<std::pair<std::string, std::string>>;

// Whether '+' means a space (form encoding) or stays a literal '+' (paths).
enum class Plus { Literal,
    Space };

// Decodes %XX escapes. Strict: returns nullopt on a '%' not followed by two hex digits.
std::optional<std::string> percent_decode(std::string_view text, Plus plus = Plus::Literal);

// Splits "a=1&b=x+y" into name/value pairs in order, repeated names kept. Lenient like browsers
// (WHATWG): a malformed escape such as "%zz" is kept literally instead of failing the whole form,
// and may yield any bytes (even NUL or invalid UTF-8), so validate values where they are used.
FormFields parse_form(std::string_view body);

// The first value of `name` in a form body or query string, decoded as parse_form does.
std::optional<std::string> form_value(std::string_view body, std::string_view name);

}
