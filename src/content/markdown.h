// Markdown to HTML with md4c, under a policy per kind of text. Raw HTML is always escaped
// (no role may post it yet), and link and image destinations survive only when they are
// http, https, mailto or relative: md4c itself passes `javascript:` through (NOTES.md).
#pragma once

#include <string>
#include <string_view>

namespace content {

enum class MarkdownPolicy {
    Article, // CommonMark + tables, strikethrough, autolinks; images allowed
    Comment, // no images, no headings' ids; links get rel="nofollow ugc noopener"
};

std::string render_markdown(std::string_view source, MarkdownPolicy policy);

// Plain-text excerpt of a Markdown body: markup stripped, whitespace folded, cut at a word
// boundary to at most `max_characters` code points, with "…" when cut.
std::string make_excerpt(std::string_view markdown, std::size_t max_characters = 280);

// Whether a link destination may appear in output: http, https, mailto, or relative.
bool is_safe_url(std::string_view url);

}
