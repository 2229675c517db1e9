// The common-password check (SECURITY.md 1): the 30,000 passwords attackers try first, from
// zxcvbn's frequency list (MIT; see src/auth/data/README.md), compiled into the binary.
// The list is loaded into a hash set on first use; safe to call from any thread.
#pragma once

#include <cstddef>
#include <string_view>

namespace auth {

// True when the password, ASCII lower-cased, is on the list, or is a listed password followed
// by a short run of digits, punctuation or spaces ("Password2024!", "dragon 123"): cracking
// rules append those first. Longer tails only count when they are themselves on the list.
bool is_common_password(std::string_view password);

// How many passwords the bundled list holds.
std::size_t common_password_count();

}
