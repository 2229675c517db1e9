#include "auth/recovery_codes.h"

#include "auth/random.h"

#include <array>
#include <sodium.h>

namespace auth {

namespace {

// Crockford's base32 (www.crockford.com/base32.html) in lower case: no i, l, o or u.
// 32 symbols, so a random byte masked to 5 bits picks one without bias.
constexpr std::string_view alphabet = "0123456789abcdefghjkmnpqrstvwxyz";
static_assert(alphabet.size() == 32);
constexpr std::size_t group_length = 4;
constexpr std::size_t group_count = 3; // 12 symbols x 5 bits = 60 bits

std::string new_recovery_code()
{
    std::array<unsigned char, group_length * group_count> random {};
    random_bytes(random);
    std::string code;
    for (std::size_t i = 0; i < random.size(); ++i) {
        if (i > 0 && i % group_length == 0)
            code += '-';
        code += alphabet[random[i] & 0x1f];
    }
    sodium_memzero(random.data(), random.size());
    return code;
}

}

std::vector<std::string> new_recovery_codes(int count)
{
    std::vector<std::string> codes;
    for (int i = 0; i < count; ++i)
        codes.push_back(new_recovery_code());
    return codes;
}

std::string normalise_recovery_code(std::string_view typed)
{
    std::string out;
    out.reserve(typed.size());
    for (char c : typed) {
        if (c == ' ' || c == '-')
            continue;
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
        if (c == 'o')
            c = '0';
        else if (c == 'i' || c == 'l')
            c = '1';
        out += c;
    }
    return out;
}

std::string recovery_code_hash(std::string_view typed)
{
    return token_hash(normalise_recovery_code(typed));
}

}
