// URL slugs: titles folded to lower-case ASCII words joined by single hyphens.
#include "content/slug.h"

#include <array>
#include <optional>

namespace content {
namespace {

constexpr std::size_t max_slug_length = 80;
constexpr std::string_view fallback_slug = "article";

// ASCII spellings of U+00C0..U+017F (Latin-1 Supplement letters and Latin Extended-A),
// indexed from U+00C0. An empty entry (× and ÷) separates words.
// clang-format off
constexpr std::array<std::string_view, 0x180 - 0xC0> latin_letters = {
    // U+00C0
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
    "d", "n", "o", "o", "o", "o", "o", "", "o", "u", "u", "u", "u", "y", "th", "ss",
    // U+00E0
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
    "d", "n", "o", "o", "o", "o", "o", "", "o", "u", "u", "u", "u", "y", "th", "y",
    // U+0100
    "a", "a", "a", "a", "a", "a", "c", "c", "c", "c", "c", "c", "c", "c", "d", "d",
    "d", "d", "e", "e", "e", "e", "e", "e", "e", "e", "e", "e", "g", "g", "g", "g",
    // U+0120
    "g", "g", "g", "g", "h", "h", "h", "h", "i", "i", "i", "i", "i", "i", "i", "i",
    "i", "i", "ij", "ij", "j", "j", "k", "k", "k", "l", "l", "l", "l", "l", "l", "l",
    // U+0140
    "l", "l", "l", "n", "n", "n", "n", "n", "n", "n", "n", "n", "o", "o", "o", "o",
    "o", "o", "oe", "oe", "r", "r", "r", "r", "r", "r", "s", "s", "s", "s", "s", "s",
    // U+0160
    "s", "s", "t", "t", "t", "t", "t", "t", "u", "u", "u", "u", "u", "u", "u", "u",
    "u", "u", "u", "u", "w", "w", "y", "y", "y", "z", "z", "z", "z", "z", "z", "s",
};
// clang-format on

// Romanian's comma-below letters (Ș ș Ț ț), which Latin Extended-B holds.
std::optional<std::string_view> other_letter(char32_t code_point)
{
    switch (code_point) {
    case 0x0218:
    case 0x0219:
        return "s";
    case 0x021A:
    case 0x021B:
        return "t";
    default:
        return std::nullopt;
    }
}

// Apostrophes join a word ("don't" -> "dont") instead of splitting it.
bool is_apostrophe(char32_t code_point)
{
    return code_point == '\'' || code_point == 0x2019 || code_point == 0x02BC;
}

struct Decoded {
    char32_t code_point; // U+FFFD for a malformed sequence
    std::size_t length;
};

// One UTF-8 sequence; a malformed one counts as one byte of U+FFFD.
Decoded decode_utf8(std::string_view text, std::size_t at)
{
    constexpr Decoded malformed { 0xFFFD, 1 };
    auto const lead = static_cast<unsigned char>(text[at]);
    if (lead < 0x80)
        return { lead, 1 };
    std::size_t length = 0;
    char32_t code_point = 0;
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
        code_point = lead & 0x1F;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        code_point = lead & 0x0F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        code_point = lead & 0x07;
    } else {
        return malformed;
    }
    if (at + length > text.size())
        return malformed;
    for (std::size_t i = 1; i < length; ++i) {
        auto const byte = static_cast<unsigned char>(text[at + i]);
        if ((byte & 0xC0) != 0x80)
            return malformed;
        code_point = (code_point << 6) | (byte & 0x3F);
    }
    return { code_point, length };
}

// The ASCII letters a code point becomes; empty when it separates words.
std::string_view ascii_for(char32_t code_point, char& scratch)
{
    if ((code_point >= 'a' && code_point <= 'z') || (code_point >= '0' && code_point <= '9')) {
        scratch = static_cast<char>(code_point);
        return { &scratch, 1 };
    }
    if (code_point >= 'A' && code_point <= 'Z') {
        scratch = static_cast<char>(code_point - 'A' + 'a');
        return { &scratch, 1 };
    }
    if (code_point >= 0xC0 && code_point < 0x180)
        return latin_letters[code_point - 0xC0];
    return other_letter(code_point).value_or(std::string_view {});
}

}

std::string make_slug(std::string_view title)
{
    std::string slug;
    bool separator_pending = false;
    for (std::size_t at = 0; at < title.size();) {
        auto const [code_point, length] = decode_utf8(title, at);
        at += length;
        if (is_apostrophe(code_point))
            continue;
        char scratch = 0;
        auto const letters = ascii_for(code_point, scratch);
        if (letters.empty()) {
            separator_pending = true;
            continue;
        }
        if (separator_pending && !slug.empty())
            slug += '-';
        separator_pending = false;
        slug += letters;
    }
    if (slug.size() > max_slug_length) {
        // Prefer ending on a whole word, unless that would throw away more than half.
        auto const hyphen = slug.rfind('-', max_slug_length);
        slug.resize(hyphen != std::string::npos && hyphen >= max_slug_length / 2 ? hyphen : max_slug_length);
        while (!slug.empty() && slug.back() == '-')
            slug.pop_back();
    }
    return slug.empty() ? std::string(fallback_slug) : slug;
}

bool is_valid_slug(std::string_view slug)
{
    if (slug.empty() || slug.size() > max_slug_length || slug.front() == '-' || slug.back() == '-')
        return false;
    char previous = 0;
    for (char c : slug) {
        bool const allowed = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
        if (!allowed || (c == '-' && previous == '-'))
            return false;
        previous = c;
    }
    return true;
}

}
