#include "auth/common_passwords.h"

#include "core/embedded_file.h"

#include <algorithm>
#include <span>
#include <stdexcept>
#include <string>
#include <unordered_set>

namespace auth::bundled_data {
std::span<core::EmbeddedFile const> embedded_files();
}

namespace auth {

namespace {

constexpr std::string_view list_path = "common-passwords.txt";
// A listed password with up to this many trailing digits or symbols is still refused; a
// longer tail adds enough guesses that refusing it would mostly annoy (unless it is listed).
constexpr std::size_t max_common_tail = 6;

// The set views the embedded bytes, which live as long as the program.
std::unordered_set<std::string_view> load_list()
{
    auto const files = bundled_data::embedded_files();
    auto const file = std::ranges::find(files, list_path, &core::EmbeddedFile::path);
    if (file == files.end())
        throw std::logic_error("common-passwords.txt is not embedded in the binary");
    std::unordered_set<std::string_view> passwords;
    passwords.reserve(32'768);
    std::string_view rest = file->bytes;
    while (!rest.empty()) {
        auto const end = rest.find('\n');
        auto const line = rest.substr(0, end);
        if (!line.empty())
            passwords.insert(line);
        rest = end == std::string_view::npos ? std::string_view {} : rest.substr(end + 1);
    }
    return passwords;
}

std::unordered_set<std::string_view> const& common_passwords()
{
    static auto const passwords = load_list(); // initialised once, thread-safe (C++11 statics)
    return passwords;
}

std::string lower_ascii(std::string_view text)
{
    std::string lower(text);
    std::ranges::transform(lower, lower.begin(), [](unsigned char c) { return static_cast<char>(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c); });
    return lower;
}

// Symbols and digits that cracking rules append to a word.
constexpr std::string_view tail_characters = " 0123456789!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

}

bool is_common_password(std::string_view password)
{
    auto const& passwords = common_passwords();
    auto const lower = lower_ascii(password);
    if (passwords.contains(lower))
        return true;
    auto const stem_end = std::string_view(lower).find_last_not_of(tail_characters);
    if (stem_end == std::string_view::npos || stem_end + 1 == lower.size())
        return false;
    auto const stem = std::string_view(lower).substr(0, stem_end + 1);
    auto const tail = std::string_view(lower).substr(stem_end + 1);
    return passwords.contains(stem) && (tail.size() <= max_common_tail || passwords.contains(tail));
}

std::size_t common_password_count()
{
    return common_passwords().size();
}

}
