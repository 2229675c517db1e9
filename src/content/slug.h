// URL slugs made from titles: lower-case ASCII letters, digits and single hyphens,
// with Latin accents transliterated ("Crème brûlée" -> "creme-brulee").
#pragma once

#include <string>
#include <string_view>

namespace content {

// Never empty: falls back to "article" when nothing usable is left. At most 80 characters.
std::string make_slug(std::string_view title);
bool is_valid_slug(std::string_view slug);

}
