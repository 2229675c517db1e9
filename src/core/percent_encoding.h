// Percent-encoding (RFC 3986 section 2.1), shared by the HTTP layer (forms, redirects) and
// the theme (share links), which may not depend on each other.
#pragma once

#include <string>
#include <string_view>

namespace core {

// Every byte but the unreserved ones (A-Z a-z 0-9 - . _ ~) becomes %XX, so the result is safe
// as a path segment or a query component whatever the input holds.
std::string percent_encode(std::string_view text);

// The value of a hexadecimal digit, or -1 for any other character.
int hex_digit_value(char c);

}
