// Markdown to HTML: md4c's parser (md_parse) driving our own small HTML writer, so every link
// and image destination passes is_safe_url before it reaches a page. md4c-html's md_html
// would copy `javascript:` destinations through unchanged (NOTES.md).
#include "content/markdown.h"

#include "core/percent_encoding.h"

#include <md4c.h>

#include <cstdint>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace content {
namespace {

constexpr char32_t replacement_character = 0xFFFD;

void append_utf8(std::string& out, char32_t code_point)
{
    if (code_point < 0x80) {
        out += static_cast<char>(code_point);
    } else if (code_point < 0x800) {
        out += static_cast<char>(0xC0 | (code_point >> 6));
        out += static_cast<char>(0x80 | (code_point & 0x3F));
    } else if (code_point < 0x10000) {
        out += static_cast<char>(0xE0 | (code_point >> 12));
        out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (code_point & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (code_point >> 18));
        out += static_cast<char>(0x80 | ((code_point >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (code_point & 0x3F));
    }
}

struct NamedEntity {
    std::string_view name;
    char32_t code_point;
};

// The named references people actually type, plus the ones used to smuggle URL syntax
// (&colon; &Tab; &NewLine;). Any other name stays verbatim: browsers decode it themselves.
// clang-format off
constexpr NamedEntity named_entities[] = {
    { "amp", '&' }, { "lt", '<' }, { "gt", '>' }, { "quot", '"' }, { "apos", '\'' },
    { "nbsp", 0xA0 }, { "colon", ':' }, { "Tab", '\t' }, { "NewLine", '\n' }, { "sol", '/' },
    { "bsol", '\\' }, { "lpar", '(' }, { "rpar", ')' }, { "period", '.' }, { "comma", ',' },
    { "excl", '!' }, { "quest", '?' }, { "num", '#' }, { "percnt", '%' }, { "semi", ';' },
    { "equals", '=' }, { "plus", '+' }, { "hellip", 0x2026 }, { "mdash", 0x2014 },
    { "ndash", 0x2013 }, { "lsquo", 0x2018 }, { "rsquo", 0x2019 }, { "ldquo", 0x201C },
    { "rdquo", 0x201D }, { "laquo", 0xAB }, { "raquo", 0xBB }, { "copy", 0xA9 }, { "reg", 0xAE },
    { "trade", 0x2122 }, { "euro", 0x20AC }, { "pound", 0xA3 }, { "yen", 0xA5 }, { "cent", 0xA2 },
    { "sect", 0xA7 }, { "para", 0xB6 }, { "deg", 0xB0 }, { "middot", 0xB7 }, { "bull", 0x2022 },
    { "times", 0xD7 }, { "divide", 0xF7 }, { "shy", 0xAD }, { "larr", 0x2190 }, { "rarr", 0x2192 },
};
// clang-format on

// Numeric references: CommonMark section 2.5 maps 0, surrogates and out-of-range values to U+FFFD.
std::optional<char32_t> decode_numeric(std::string_view digits, bool hex)
{
    constexpr std::size_t max_digits = 8;
    if (digits.empty() || digits.size() > max_digits)
        return std::nullopt;
    char32_t value = 0;
    for (char c : digits) {
        int digit = -1;
        if (c >= '0' && c <= '9')
            digit = c - '0';
        else if (hex && c >= 'a' && c <= 'f')
            digit = c - 'a' + 10;
        else if (hex && c >= 'A' && c <= 'F')
            digit = c - 'A' + 10;
        if (digit < 0)
            return std::nullopt;
        value = value * (hex ? 16 : 10) + static_cast<char32_t>(digit);
    }
    if (value == 0 || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF))
        return replacement_character;
    return value;
}

// Decodes one reference written "&name;", "&#123;" or "&#x7B;"; nullopt when it is unknown.
std::optional<char32_t> decode_entity(std::string_view entity)
{
    if (entity.size() < 3 || entity.front() != '&' || entity.back() != ';')
        return std::nullopt;
    auto const body = entity.substr(1, entity.size() - 2);
    if (body.front() == '#') {
        bool const hex = body.size() > 1 && (body[1] == 'x' || body[1] == 'X');
        return decode_numeric(body.substr(hex ? 2 : 1), hex);
    }
    for (auto const& named : named_entities)
        if (named.name == body)
            return named.code_point;
    return std::nullopt;
}

bool is_ascii_alnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// Whether `text` is a well-formed reference as md4c reports them, so it is safe to copy verbatim.
bool is_entity_shaped(std::string_view text)
{
    if (text.size() < 3 || text.front() != '&' || text.back() != ';')
        return false;
    for (char c : text.substr(1, text.size() - 2))
        if (!is_ascii_alnum(c) && c != '#')
            return false;
    return true;
}

// Decodes every character reference the way a browser reading an attribute would, numeric ones
// even without their ';', so is_safe_url judges the URL the browser will follow.
std::string decode_references(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        if (text[i] != '&') {
            out += text[i++];
            continue;
        }
        std::size_t end = i + 1;
        bool const numeric = end < text.size() && text[end] == '#';
        bool const hex = numeric && end + 1 < text.size() && (text[end + 1] == 'x' || text[end + 1] == 'X');
        end += numeric ? (hex ? 2 : 1) : 0;
        std::size_t const digits_start = end;
        // A numeric reference ends at the first character that is not a digit of its base.
        while (end < text.size() && (numeric ? (hex ? core::hex_digit_value(text[end]) >= 0 : text[end] >= '0' && text[end] <= '9') : is_ascii_alnum(text[end])))
            ++end;
        std::optional<char32_t> decoded;
        if (numeric)
            decoded = decode_numeric(text.substr(digits_start, end - digits_start), hex);
        else if (end < text.size() && text[end] == ';')
            decoded = decode_entity(text.substr(i, end - i + 1));
        if (!decoded) {
            out += text[i++];
            continue;
        }
        append_utf8(out, *decoded);
        i = (end < text.size() && text[end] == ';') ? end + 1 : end;
    }
    return out;
}

std::string percent_decode(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '%' && i + 2 < text.size() && core::hex_digit_value(text[i + 1]) >= 0 && core::hex_digit_value(text[i + 2]) >= 0) {
            out += static_cast<char>(core::hex_digit_value(text[i + 1]) * 16 + core::hex_digit_value(text[i + 2]));
            i += 2;
        } else {
            out += text[i];
        }
    }
    return out;
}

// WHATWG URL parsing drops tab, LF and CR anywhere and trims leading C0 controls and spaces;
// after that, anything before the first ':' that is not in a path, query or fragment is a
// scheme, and only http, https and mailto are allowed.
bool has_allowed_scheme(std::string_view url)
{
    std::string cleaned;
    cleaned.reserve(url.size());
    for (char c : url)
        if (c != '\t' && c != '\n' && c != '\r')
            cleaned += c;
    std::size_t start = 0;
    while (start < cleaned.size() && static_cast<unsigned char>(cleaned[start]) <= 0x20)
        ++start;
    std::string_view const rest = std::string_view(cleaned).substr(start);
    auto const colon = rest.find(':');
    if (colon == std::string_view::npos)
        return true;
    auto const delimiter = rest.find_first_of("/?#");
    if (delimiter < colon)
        return true;
    std::string scheme(rest.substr(0, colon));
    for (char& c : scheme)
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
    return scheme == "http" || scheme == "https" || scheme == "mailto";
}

void append_escaped(std::string& out, std::string_view text)
{
    constexpr std::string_view special = "&<>\"'";
    constexpr std::string_view references[] = { "&amp;", "&lt;", "&gt;", "&quot;", "&#39;" };
    for (char c : text) {
        auto const at = special.find(c);
        if (at == std::string_view::npos)
            out += c;
        else
            out += references[at];
    }
}

// A URL inside a double-quoted attribute: bytes outside RFC 3986's characters are
// percent-encoded (as md4c-html does), '&' and '\'' become references.
void append_url_attribute(std::string& out, std::string_view url)
{
    constexpr std::string_view kept = "-_.~!*();:@=+$,/?#[]%";
    constexpr char hex_digits[] = "0123456789ABCDEF";
    for (char c : url) {
        if (is_ascii_alnum(c) || kept.find(c) != std::string_view::npos) {
            out += c;
        } else if (c == '&') {
            out += "&amp;";
        } else if (c == '\'') {
            out += "&#39;";
        } else {
            auto const byte = static_cast<unsigned char>(c);
            out += '%';
            out += hex_digits[byte >> 4];
            out += hex_digits[byte & 0x0F];
        }
    }
}

// Text as the reader sees it: references decoded when known (kept as written otherwise),
// NUL as U+FFFD.
void append_plain(std::string& out, MD_TEXTTYPE type, std::string_view piece)
{
    std::optional<char32_t> decoded;
    if (type == MD_TEXT_NULLCHAR)
        decoded = replacement_character;
    else if (type == MD_TEXT_ENTITY)
        decoded = decode_entity(piece);
    if (decoded)
        append_utf8(out, *decoded);
    else
        out += piece;
}

// An md4c attribute (link destination, title, code language) as plain text.
std::string attribute_text(MD_ATTRIBUTE const& attribute)
{
    std::string out;
    if (attribute.text == nullptr)
        return out;
    for (std::size_t i = 0; attribute.substr_offsets[i] < attribute.size; ++i) {
        auto const begin = attribute.substr_offsets[i];
        append_plain(out, attribute.substr_types[i], std::string_view(attribute.text + begin, attribute.substr_offsets[i + 1] - begin));
    }
    return out;
}

void parse(std::string_view source, unsigned flags, MD_PARSER parser, void* writer)
{
    if (source.size() > std::numeric_limits<MD_SIZE>::max())
        throw std::length_error("markdown source too large");
    parser.flags = flags;
    if (md_parse(source.data(), static_cast<MD_SIZE>(source.size()), &parser, writer) != 0)
        throw std::runtime_error("md4c failed to parse a markdown text");
}

// What an <a> or image span turned into, so its leave callback closes the same thing.
enum class Opened : unsigned char {
    Nothing,
    Anchor,
    Image,
};

struct HtmlWriter {
    MarkdownPolicy policy;
    std::string out;
    std::vector<Opened> spans;
    int image_nesting = 0; // inside an <img alt="...">: only escaped text is written
};

HtmlWriter& html_writer(void* data)
{
    return *static_cast<HtmlWriter*>(data);
}

struct BlockTags {
    std::string_view open;
    std::string_view close;
};

// Indexed by MD_BLOCKTYPE. Raw HTML blocks never occur (MD_FLAG_NOHTML); ordered lists,
// headings, code blocks and table cells also write attributes, in enter_html_block.
constexpr BlockTags block_tags[] = {
    { "", "" }, // document
    { "<blockquote>\n", "</blockquote>\n" },
    { "<ul>\n", "</ul>\n" },
    { "<ol>\n", "</ol>\n" },
    { "<li>", "</li>\n" },
    { "<hr>\n", "" },
    { "", "" }, // heading
    { "", "</code></pre>\n" },
    { "", "" }, // raw HTML
    { "<p>", "</p>\n" },
    { "<div class=\"table-wrap\"><table>\n", "</table></div>\n" },
    { "<thead>\n", "</thead>\n" },
    { "<tbody>\n", "</tbody>\n" },
    { "<tr>", "</tr>\n" },
    { "", "</th>" },
    { "", "</td>" },
};
static_assert(std::size(block_tags) == MD_BLOCK_TD + 1);

// Indexed by MD_ALIGN: the class a table cell gets (inline style would break the CSP).
constexpr std::string_view alignment_classes[] = { "", " class=\"align-left\"", " class=\"align-center\"", " class=\"align-right\"" };

int enter_html_block(MD_BLOCKTYPE type, void* detail, void* data)
{
    auto& writer = html_writer(data);
    auto& out = writer.out;
    if (type == MD_BLOCK_OL && static_cast<MD_BLOCK_OL_DETAIL*>(detail)->start != 1) {
        out += "<ol start=\"" + std::to_string(static_cast<MD_BLOCK_OL_DETAIL*>(detail)->start) + "\">\n";
    } else if (type == MD_BLOCK_H) {
        // A comment must not add headings to the page's outline.
        if (writer.policy == MarkdownPolicy::Comment)
            out += "<p><strong>";
        else
            out += "<h" + std::to_string(static_cast<MD_BLOCK_H_DETAIL*>(detail)->level) + ">";
    } else if (type == MD_BLOCK_CODE) {
        auto const language = attribute_text(static_cast<MD_BLOCK_CODE_DETAIL*>(detail)->lang);
        out += "<pre><code";
        if (!language.empty()) {
            out += " class=\"language-";
            append_escaped(out, language);
            out += '"';
        }
        out += '>';
    } else if (type == MD_BLOCK_TH || type == MD_BLOCK_TD) {
        out += type == MD_BLOCK_TH ? "<th" : "<td";
        out += alignment_classes[static_cast<MD_BLOCK_TD_DETAIL*>(detail)->align];
        out += '>';
    } else {
        out += block_tags[type].open;
    }
    return 0;
}

int leave_html_block(MD_BLOCKTYPE type, void* detail, void* data)
{
    auto& writer = html_writer(data);
    if (type != MD_BLOCK_H)
        writer.out += block_tags[type].close;
    else if (writer.policy == MarkdownPolicy::Comment)
        writer.out += "</strong></p>\n";
    else
        writer.out += "</h" + std::to_string(static_cast<MD_BLOCK_H_DETAIL*>(detail)->level) + ">\n";
    return 0;
}

// The element of a plain span; null for links and images (handled apart) and for math, wiki
// links and underline, which are not enabled and so are rendered as their text.
char const* span_tag(MD_SPANTYPE type)
{
    constexpr char const* tags[] = { "em", "strong", nullptr, nullptr, "code", "del" };
    return static_cast<std::size_t>(type) < std::size(tags) ? tags[type] : nullptr;
}

int enter_html_span(MD_SPANTYPE type, void* detail, void* data)
{
    auto& writer = html_writer(data);
    auto& out = writer.out;
    if (type == MD_SPAN_A || type == MD_SPAN_IMG) {
        auto opened = Opened::Nothing;
        if (writer.image_nesting > 0) {
            if (type == MD_SPAN_IMG)
                ++writer.image_nesting; // a nested image only adds its text to the alt
            writer.spans.push_back(type == MD_SPAN_IMG ? Opened::Image : Opened::Nothing);
            return 0;
        }
        if (type == MD_SPAN_A) {
            auto const& link = *static_cast<MD_SPAN_A_DETAIL*>(detail);
            auto const href = attribute_text(link.href);
            if (is_safe_url(href)) {
                out += "<a href=\"";
                append_url_attribute(out, href);
                out += '"';
                if (auto const title = attribute_text(link.title); !title.empty()) {
                    out += " title=\"";
                    append_escaped(out, title);
                    out += '"';
                }
                if (writer.policy == MarkdownPolicy::Comment)
                    out += " rel=\"nofollow ugc noopener\"";
                out += '>';
                opened = Opened::Anchor;
            }
        } else if (writer.policy == MarkdownPolicy::Article) {
            auto const& image = *static_cast<MD_SPAN_IMG_DETAIL*>(detail);
            auto const src = attribute_text(image.src);
            if (is_safe_url(src)) {
                out += "<img src=\"";
                append_url_attribute(out, src);
                out += '"';
                if (auto const title = attribute_text(image.title); !title.empty()) {
                    out += " title=\"";
                    append_escaped(out, title);
                    out += '"';
                }
                out += " loading=\"lazy\" alt=\"";
                ++writer.image_nesting;
                opened = Opened::Image;
            }
        }
        // A refused link or image leaves its text: the reader still sees what was written.
        writer.spans.push_back(opened);
        return 0;
    }
    if (writer.image_nesting > 0)
        return 0;
    if (auto tag = span_tag(type)) {
        out += '<';
        out += tag;
        out += '>';
    }
    return 0;
}

int leave_html_span(MD_SPANTYPE type, void*, void* data)
{
    auto& writer = html_writer(data);
    auto& out = writer.out;
    if (type == MD_SPAN_A || type == MD_SPAN_IMG) {
        auto const opened = writer.spans.back();
        writer.spans.pop_back();
        if (opened == Opened::Anchor)
            out += "</a>";
        if (opened == Opened::Image && --writer.image_nesting == 0)
            out += "\">";
        return 0;
    }
    if (writer.image_nesting > 0)
        return 0;
    if (auto tag = span_tag(type)) {
        out += "</";
        out += tag;
        out += '>';
    }
    return 0;
}

int html_text(MD_TEXTTYPE type, MD_CHAR const* text, MD_SIZE size, void* data)
{
    auto& writer = html_writer(data);
    auto& out = writer.out;
    std::string_view const piece(text, size);
    if (type == MD_TEXT_BR || type == MD_TEXT_SOFTBR) {
        out += writer.image_nesting > 0 ? " " : type == MD_TEXT_BR ? "<br>\n"
                                                                   : "\n";
    } else if (type == MD_TEXT_ENTITY && !decode_entity(piece) && is_entity_shaped(piece)) {
        out += piece; // a reference we do not know, copied as written: the browser knows it
    } else if (type == MD_TEXT_ENTITY || type == MD_TEXT_NULLCHAR) {
        std::string plain;
        append_plain(plain, type, piece);
        append_escaped(out, plain);
    } else {
        append_escaped(out, piece); // normal text, code, and raw HTML (escaped: no role may post it)
    }
    return 0;
}

// Collects the plain text of a document for excerpts: no code blocks, no image descriptions.
struct TextCollector {
    std::string out;
    int code_block_depth = 0;
    int image_depth = 0;
};

TextCollector& collector(void* data)
{
    return *static_cast<TextCollector*>(data);
}

int enter_text_block(MD_BLOCKTYPE type, void*, void* data)
{
    collector(data).code_block_depth += type == MD_BLOCK_CODE;
    collector(data).out += ' ';
    return 0;
}

int leave_text_block(MD_BLOCKTYPE type, void*, void* data)
{
    collector(data).code_block_depth -= type == MD_BLOCK_CODE;
    collector(data).out += ' ';
    return 0;
}

int enter_text_span(MD_SPANTYPE type, void*, void* data)
{
    collector(data).image_depth += type == MD_SPAN_IMG;
    return 0;
}

int leave_text_span(MD_SPANTYPE type, void*, void* data)
{
    collector(data).image_depth -= type == MD_SPAN_IMG;
    return 0;
}

int collect_text(MD_TEXTTYPE type, MD_CHAR const* text, MD_SIZE size, void* data)
{
    auto& text_collector = collector(data);
    if (text_collector.code_block_depth > 0 || text_collector.image_depth > 0)
        return 0;
    if (type == MD_TEXT_BR || type == MD_TEXT_SOFTBR)
        text_collector.out += ' ';
    else
        append_plain(text_collector.out, type, std::string_view(text, size));
    return 0;
}

bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

bool is_continuation_byte(char c)
{
    return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

std::string fold_whitespace(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        if (!is_space(c))
            out += c;
        else if (!out.empty() && out.back() != ' ')
            out += ' ';
    }
    if (!out.empty() && out.back() == ' ')
        out.pop_back();
    return out;
}

constexpr unsigned article_flags = MD_FLAG_NOHTML | MD_FLAG_TABLES | MD_FLAG_STRIKETHROUGH | MD_FLAG_PERMISSIVEAUTOLINKS;
constexpr unsigned comment_flags = MD_FLAG_NOHTML | MD_FLAG_STRIKETHROUGH | MD_FLAG_PERMISSIVEAUTOLINKS;

}

std::string render_markdown(std::string_view source, MarkdownPolicy policy)
{
    HtmlWriter writer { .policy = policy, .out = {}, .spans = {} };
    writer.out.reserve(source.size() + source.size() / 4);
    MD_PARSER parser {};
    parser.enter_block = enter_html_block;
    parser.leave_block = leave_html_block;
    parser.enter_span = enter_html_span;
    parser.leave_span = leave_html_span;
    parser.text = html_text;
    parse(source, policy == MarkdownPolicy::Article ? article_flags : comment_flags, parser, &writer);
    return std::move(writer.out);
}

std::string make_excerpt(std::string_view markdown, std::size_t max_characters)
{
    TextCollector text_collector;
    MD_PARSER parser {};
    parser.enter_block = enter_text_block;
    parser.leave_block = leave_text_block;
    parser.enter_span = enter_text_span;
    parser.leave_span = leave_text_span;
    parser.text = collect_text;
    parse(markdown, article_flags, parser, &text_collector);
    auto text = fold_whitespace(text_collector.out);

    std::size_t characters = 0;
    std::size_t cut = std::string::npos; // byte offset where the (max - 1)th code point ends
    std::size_t const room = max_characters == 0 ? 0 : max_characters - 1; // leaves room for "…"
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (is_continuation_byte(text[i]))
            continue;
        if (characters == room && cut == std::string::npos)
            cut = i;
        ++characters;
    }
    if (characters <= max_characters)
        return text;
    if (max_characters == 0)
        return {};
    // Cut at the last space before the limit, unless the limit already falls at the end of a
    // word or the first word alone is longer than the limit.
    if (std::string_view(" ,.;:!?)").find(text[cut]) == std::string_view::npos) {
        auto const space = text.rfind(' ', cut);
        if (space != std::string::npos && space > 0)
            cut = space;
    }
    text.resize(cut);
    while (!text.empty() && std::string_view(" ,;:-([").find(text.back()) != std::string_view::npos)
        text.pop_back();
    return text + "…";
}

bool is_safe_url(std::string_view url)
{
    auto const decoded = decode_references(url);
    return has_allowed_scheme(decoded) && has_allowed_scheme(percent_decode(decoded));
}

}
