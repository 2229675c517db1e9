// Recovery codes: the one-time codes a member keeps on paper for when the authenticator is
// lost. Ten per member, shown once, stored only as hashes (TwoFactorStore). Each is 12
// characters of Crockford's base32 in lower case, grouped as "k7p2-9xq4-m3dz": 60 random
// bits, and typing it back forgives case, spaces, hyphens and the look-alikes o/0, i/l/1.
// Thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace auth {

inline constexpr int recovery_code_count = 10;

// `count` fresh codes from the CSPRNG, formatted for display.
std::vector<std::string> new_recovery_codes(int count = recovery_code_count);

// The canonical form of a typed code: lower case, spaces and hyphens removed, o read as 0 and
// i or l as 1. Anything else is kept, so a wrong code stays wrong.
std::string normalise_recovery_code(std::string_view typed);

// What is stored and looked up: token_hash of the normalised code.
std::string recovery_code_hash(std::string_view typed);

}
