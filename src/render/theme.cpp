// Theme loading and page rendering. Each Theme owns a ctemplate cache that is filled once
// and frozen, so expansion is const and safe from any thread; a page is its own template
// expanded first, then layout.tpl around it.
#include "render/theme.h"

#include "core/embedded_file.h"

#include <ctemplate/template.h>
#include <ctemplate/template_cache.h>
#include <ctemplate/template_dictionary.h>
#include <ctemplate/template_modifiers.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <map>
#include <mutex>
#include <span>
#include <sstream>
#include <stdexcept>

namespace render::default_theme {
std::span<core::EmbeddedFile const> embedded_files();
}

namespace render {
namespace {

using Dictionary = ctemplate::TemplateDictionary;

// Register and expand must use the same strip mode, or ctemplate does not find the template.
constexpr auto strip_mode = ctemplate::STRIP_BLANK_LINES;
constexpr std::size_t expected_page_size = std::size_t { 32 } * 1024;

constexpr std::string_view layout_template = "layout.tpl";
constexpr std::string_view card_template = "partials/card.tpl";
constexpr std::string_view pagination_template = "partials/pagination.tpl";
constexpr std::array required_templates = {
    layout_template,
    card_template,
    pagination_template,
    std::string_view("front_page.tpl"),
    std::string_view("article.tpl"),
    std::string_view("author.tpl"),
    std::string_view("error.tpl"),
    std::string_view("notice.tpl"),
    std::string_view("mastodon_share.tpl"),
    std::string_view("sign_in.tpl"),
    std::string_view("account_security.tpl"),
};

constexpr std::string_view title_separator = " – ";

// {{URL:x-href}} for links a template knows may be mailto: (the e-mail share link). ctemplate's
// own URL check, which keeps http, https and relative URLs and turns the rest into '#', would
// also turn mailto: into '#'. Registered as XSS-safe: use it only inside a quoted attribute.
class HrefModifier final : public ctemplate::TemplateModifier {
public:
    void Modify(char const* in, size_t length, ctemplate::PerExpandData const* data, ctemplate::ExpandEmitter* out, std::string const& argument) const override
    {
        if (std::string_view(in, length).starts_with("mailto:"))
            ctemplate::html_escape.Modify(in, length, data, out, argument);
        else
            ctemplate::validate_url_and_html_escape.Modify(in, length, data, out, argument);
    }
};

HrefModifier const href_modifier;

void register_modifiers()
{
    static std::once_flag once;
    std::call_once(once, [] {
        if (!ctemplate::AddXssSafeModifier("x-href", &href_modifier))
            throw std::logic_error("ctemplate refused the x-href modifier");
    });
}

ctemplate::TemplateString template_string(std::string_view text)
{
    return { text.data(), text.size() };
}

template <std::size_t size>
struct Name {
    char text[size];
    constexpr Name(char const (&literal)[size]) { std::copy_n(literal, size, text); }
};

// "LANG"_key: a template variable or section name, hashed once per program. Given a plain
// char* name, ctemplate hashes it and registers it under a global lock on every call, which
// made building a page's dictionary about five times slower.
template <Name name>
ctemplate::TemplateString operator""_key()
{
    struct Interned {
        ctemplate::StaticTemplateString string { { name.text, sizeof(name.text) - 1, 0 } };
        ctemplate::StaticTemplateStringInitializer initializer { &string };
    };
    static Interned const interned;
    return interned.string;
}

using Key = ctemplate::TemplateString;

void set(Dictionary& dictionary, Key name, std::string_view value)
{
    dictionary.SetValue(name, template_string(value));
}

// For large values the view keeps alive during rendering (bodies): no copy into the dictionary.
void set_without_copy(Dictionary& dictionary, Key name, std::string_view value)
{
    dictionary.SetValueWithoutCopy(name, template_string(value));
}

// Shows a section holding one value, only when the value is not empty.
void set_optional(Dictionary& dictionary, Key section, Key name, std::string_view value)
{
    if (!value.empty())
        set(*dictionary.AddSectionDictionary(section), name, value);
}

std::string count_text(std::int64_t count, std::string_view one, std::string_view many)
{
    return std::to_string(count) + " " + std::string(count == 1 ? one : many);
}

std::string comment_count_text(std::int64_t count)
{
    return count == 0 ? std::string("No comments yet") : count_text(count, "comment", "comments");
}

// The <title>: "Page – Site", or "Site – tagline" when the page has no title of its own.
std::string full_title(SiteView const& site, std::string_view page_title)
{
    if (!page_title.empty())
        return std::string(page_title) + std::string(title_separator) + site.name;
    if (site.tagline.empty())
        return site.name;
    return site.name + std::string(title_separator) + site.tagline;
}

bool is_external_network(std::string_view network)
{
    return network == "x" || network == "facebook" || network == "linkedin" || network == "reddit";
}

// What layout.tpl needs: the head, Open Graph and Twitter card metadata, masthead and footer.
void fill_layout(Dictionary& dictionary, SiteView const& site, PageMeta const& meta, std::string_view page_title)
{
    set(dictionary, "LANG"_key, site.language.empty() ? std::string_view("en") : std::string_view(site.language));
    set(dictionary, "SITE_NAME"_key, site.name);
    set_optional(dictionary, "TAGLINE"_key, "TAGLINE_TEXT"_key, site.tagline);
    set(dictionary, "PAGE_TITLE"_key, full_title(site, page_title));
    set(dictionary, "DESCRIPTION"_key, meta.description.empty() ? site.tagline : meta.description);
    if (meta.noindex)
        dictionary.ShowSection("NOINDEX"_key);
    if (!meta.canonical_url.empty())
        dictionary.ShowSection("CANONICAL"_key);
    set(dictionary, "CANONICAL_URL"_key, meta.canonical_url);
    if (meta.viewer_name.empty()) {
        dictionary.ShowSection("VISITOR"_key);
    } else {
        auto& viewer = *dictionary.AddSectionDictionary("VIEWER"_key);
        set(viewer, "VIEWER_NAME"_key, meta.viewer_name);
        set(viewer, "SIGN_OUT_CSRF"_key, meta.sign_out_csrf);
    }
    for (auto const& feed : meta.feeds) {
        auto& section = *dictionary.AddSectionDictionary("FEED"_key);
        set(section, "FEED_TYPE"_key, feed.media_type);
        set(section, "FEED_TITLE"_key, feed.title);
        set(section, "FEED_URL"_key, feed.url);
    }
    // Open Graph needs a URL to describe; pages without one (errors) carry none.
    if (meta.canonical_url.empty())
        return;
    auto& open_graph = *dictionary.AddSectionDictionary("OPEN_GRAPH"_key);
    set(open_graph, "OG_TITLE"_key, page_title.empty() ? std::string_view(site.name) : page_title);
    set(open_graph, "OG_TYPE"_key, meta.og_type.empty() ? std::string_view("website") : std::string_view(meta.og_type));
    set_optional(open_graph, "OG_IMAGE"_key, "IMAGE_URL"_key, meta.image_url);
    set_optional(open_graph, "PUBLISHED"_key, "PUBLISHED_ISO"_key, meta.published_iso);
    set_optional(open_graph, "MODIFIED"_key, "MODIFIED_ISO"_key, meta.modified_iso);
    set_optional(open_graph, "ARTICLE_AUTHOR"_key, "META_AUTHOR"_key, meta.author_name);
    set(open_graph, "TWITTER_CARD"_key, meta.image_url.empty() ? "summary" : "summary_large_image");
}

void fill_cards(Dictionary& dictionary, std::vector<ArticleCard> const& cards)
{
    if (cards.empty())
        dictionary.ShowSection("NO_ARTICLES"_key);
    for (auto const& card : cards) {
        auto& include = *dictionary.AddSectionDictionary("ARTICLES"_key)->AddIncludeDictionary("CARD"_key);
        include.SetFilename(template_string(card_template));
        set(include, "TITLE"_key, card.title);
        set(include, "URL"_key, card.url);
        set(include, "COMMENTS_URL"_key, card.url + "#comments");
        set(include, "AUTHOR_NAME"_key, card.author_name);
        set(include, "AUTHOR_URL"_key, card.author_url);
        set(include, "DATE_TEXT"_key, card.date_text);
        set(include, "DATE_ISO"_key, card.date_iso);
        set_optional(include, "EXCERPT"_key, "EXCERPT_TEXT"_key, card.excerpt);
        set(include, "COMMENT_COUNT_TEXT"_key, comment_count_text(card.comment_count));
    }
}

void fill_pagination(Dictionary& dictionary, Pagination const& pagination)
{
    auto& include = *dictionary.AddIncludeDictionary("PAGINATION"_key);
    include.SetFilename(template_string(pagination_template));
    include.SetIntValue("PAGE"_key, pagination.page);
    include.SetIntValue("TOTAL_PAGES"_key, std::max(pagination.total_pages, pagination.page));
    set_optional(include, "NEWER"_key, "NEWER_URL"_key, pagination.newer_url);
    set_optional(include, "OLDER"_key, "OLDER_URL"_key, pagination.older_url);
}

// A site-relative name under static/ with no dotfile segment ("..", ".env", ".git/x").
bool is_servable_name(std::string_view name)
{
    constexpr std::size_t max_name_length = 200;
    if (name.empty() || name.size() > max_name_length)
        return false;
    std::size_t start = 0;
    while (start <= name.size()) {
        auto const end = std::min(name.find('/', start), name.size());
        auto const segment = name.substr(start, end - start);
        if (segment.empty() || segment.front() == '.')
            return false;
        for (char c : segment)
            if (c == '\\' || c == '\0' || static_cast<unsigned char>(c) < 0x20)
                return false;
        start = end + 1;
    }
    return true;
}

std::optional<std::string_view> media_type_for(std::string_view name)
{
    struct Type {
        std::string_view extension;
        std::string_view media_type;
    };
    static constexpr Type types[] = {
        { ".css", "text/css; charset=utf-8" },
        { ".js", "text/javascript; charset=utf-8" },
        { ".svg", "image/svg+xml" },
        { ".png", "image/png" },
        { ".ico", "image/x-icon" },
        { ".woff2", "font/woff2" },
        { ".woff", "font/woff" },
        { ".jpg", "image/jpeg" },
        { ".jpeg", "image/jpeg" },
        { ".webp", "image/webp" },
        { ".gif", "image/gif" },
        { ".txt", "text/plain; charset=utf-8" },
    };
    auto const dot = name.rfind('.');
    if (dot == std::string_view::npos)
        return std::nullopt;
    std::string extension(name.substr(dot));
    for (char& c : extension)
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
    for (auto const& type : types)
        if (type.extension == extension)
            return type.media_type;
    return std::nullopt;
}

std::string read_file(std::filesystem::path const& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    if (!in || !bytes)
        throw std::runtime_error("theme: cannot read " + path.string());
    return std::move(bytes).str();
}

// Every file under the folder by its '/'-separated relative path, dotfiles and dot-folders skipped.
std::map<std::string, std::string, std::less<>> read_folder(std::filesystem::path const& folder)
{
    namespace fs = std::filesystem;
    if (!fs::is_directory(folder))
        throw std::runtime_error("theme: no such folder: " + folder.string());
    std::map<std::string, std::string, std::less<>> files;
    for (auto it = fs::recursive_directory_iterator(folder); it != fs::recursive_directory_iterator(); ++it) {
        if (it->path().filename().string().starts_with('.')) {
            if (it->is_directory())
                it.disable_recursion_pending();
            continue;
        }
        if (it->is_regular_file())
            files.emplace(fs::relative(it->path(), folder).generic_string(), read_file(it->path()));
    }
    return files;
}

}

struct Theme::Impl {
    ctemplate::TemplateCache cache;
    std::map<std::string, std::string, std::less<>> folder_files; // owns what was read from disk
    std::map<std::string, std::string_view, std::less<>> files; // embedded, overridden by the folder

    // Expands the page's template, then layout.tpl around it with the same dictionary.
    std::string render(std::string_view page_template, Dictionary& dictionary) const
    {
        std::string content;
        content.reserve(expected_page_size);
        if (!cache.ExpandNoLoad(template_string(page_template), strip_mode, &dictionary, nullptr, &content))
            throw std::runtime_error("theme: cannot expand " + std::string(page_template));
        set_without_copy(dictionary, "CONTENT_HTML"_key, content);
        std::string page;
        page.reserve(content.size() + expected_page_size / 4);
        if (!cache.ExpandNoLoad(template_string(layout_template), strip_mode, &dictionary, nullptr, &page))
            throw std::runtime_error("theme: cannot expand " + std::string(layout_template));
        // The pragma and comment lines above <!doctype html> leave newlines; the doctype comes first.
        page.erase(0, page.find_first_not_of(" \t\r\n"));
        return page;
    }
};

Theme::Theme()
    : m_impl(std::make_unique<Impl>())
{
}

Theme::~Theme() = default;

std::unique_ptr<Theme> Theme::load(std::optional<std::filesystem::path> folder)
{
    register_modifiers();
    std::unique_ptr<Theme> theme(new Theme());
    auto& impl = *theme->m_impl;
    for (auto const& file : default_theme::embedded_files())
        impl.files[std::string(file.path)] = file.bytes;
    if (folder) {
        impl.folder_files = read_folder(*folder);
        for (auto const& [path, bytes] : impl.folder_files)
            impl.files[path] = bytes;
    }
    for (auto const name : required_templates)
        if (!impl.files.contains(name))
            throw std::runtime_error("theme: missing template " + std::string(name));
    for (auto const& [path, bytes] : impl.files) {
        if (!path.ends_with(".tpl"))
            continue;
        if (!impl.cache.StringToTemplateCache(template_string(path), template_string(bytes), strip_mode))
            throw std::runtime_error("theme: template does not parse: " + path);
    }
    impl.cache.Freeze();
    return theme;
}

std::string Theme::front_page(FrontPageView const& view) const
{
    Dictionary dictionary("front_page");
    bool const first_page = view.pagination.page <= 1;
    fill_layout(dictionary, view.site, view.meta, first_page ? std::string() : "Page " + std::to_string(view.pagination.page));
    dictionary.ShowSection("HOME_CURRENT"_key);
    set(dictionary, "HEADING"_key, first_page ? "Latest articles" : "Articles, page " + std::to_string(view.pagination.page));
    fill_cards(dictionary, view.articles);
    fill_pagination(dictionary, view.pagination);
    return m_impl->render("front_page.tpl", dictionary);
}

std::string Theme::article_page(ArticlePageView const& view) const
{
    Dictionary dictionary("article");
    fill_layout(dictionary, view.site, view.meta, view.meta.title.empty() ? view.title : view.meta.title);
    set(dictionary, "TITLE"_key, view.title);
    set(dictionary, "AUTHOR_NAME"_key, view.author_name);
    set(dictionary, "AUTHOR_URL"_key, view.author_url);
    set(dictionary, "DATE_TEXT"_key, view.date_text);
    set(dictionary, "DATE_ISO"_key, view.date_iso);
    set_without_copy(dictionary, "BODY_HTML"_key, view.body_html);
    for (auto const& link : view.share_links) {
        auto& section = *dictionary.AddSectionDictionary("SHARE"_key);
        set(section, "NETWORK"_key, link.network);
        set(section, "LABEL"_key, link.label);
        set(section, "SHARE_URL"_key, link.url);
        if (is_external_network(link.network))
            section.ShowSection("EXTERNAL"_key);
    }
    dictionary.SetIntValue("AUTHOR_ARTICLE_COUNT"_key, static_cast<long>(view.author_article_count));
    set(dictionary, "ARTICLE_NOUN"_key, view.author_article_count == 1 ? "article" : "articles");
    set_optional(dictionary, "AUTHOR_BIO"_key, "BIO"_key, view.author_bio);
    set(dictionary, "COMMENT_COUNT_TEXT"_key, comment_count_text(static_cast<std::int64_t>(view.comments.size())));
    for (auto const& comment : view.comments) {
        auto& section = *dictionary.AddSectionDictionary("COMMENT"_key);
        set(section, "ANCHOR"_key, comment.anchor);
        set(section, "COMMENT_AUTHOR_NAME"_key, comment.author_name);
        set(section, "COMMENT_AUTHOR_URL"_key, comment.author_url);
        set(section, "COMMENT_DATE_TEXT"_key, comment.date_text);
        set(section, "COMMENT_DATE_ISO"_key, comment.date_iso);
        set_without_copy(section, "COMMENT_BODY_HTML"_key, comment.body_html);
    }
    if (view.signed_in) {
        dictionary.ShowSection("SIGNED_IN"_key);
    } else {
        auto& section = *dictionary.AddSectionDictionary("SIGNED_OUT"_key);
        set(section, "LOGIN_URL"_key, view.login_url.empty() ? std::string_view("/login") : std::string_view(view.login_url));
        set(section, "REGISTER_URL"_key, view.register_url.empty() ? std::string_view("/register") : std::string_view(view.register_url));
    }
    return m_impl->render("article.tpl", dictionary);
}

std::string Theme::author_page(AuthorPageView const& view) const
{
    Dictionary dictionary("author");
    fill_layout(dictionary, view.site, view.meta, view.meta.title.empty() ? view.display_name : view.meta.title);
    set(dictionary, "DISPLAY_NAME"_key, view.display_name);
    set_optional(dictionary, "BIO"_key, "BIO_TEXT"_key, view.bio);
    set(dictionary, "ARTICLE_COUNT_TEXT"_key, count_text(view.article_count, "article", "articles"));
    fill_cards(dictionary, view.articles);
    fill_pagination(dictionary, view.pagination);
    return m_impl->render("author.tpl", dictionary);
}

std::string Theme::error_page(ErrorPageView const& view) const
{
    Dictionary dictionary("error");
    PageMeta meta;
    meta.noindex = true;
    fill_layout(dictionary, view.site, meta, view.title);
    dictionary.SetIntValue("STATUS"_key, view.status);
    set(dictionary, "TITLE"_key, view.title);
    set(dictionary, "MESSAGE"_key, view.message);
    set_optional(dictionary, "REQUEST_ID"_key, "REQUEST_ID_TEXT"_key, view.request_id);
    return m_impl->render("error.tpl", dictionary);
}

std::string Theme::notice_page(NoticePageView const& view) const
{
    Dictionary dictionary("notice");
    fill_layout(dictionary, view.site, view.meta, view.meta.title.empty() ? view.heading : view.meta.title);
    set(dictionary, "HEADING"_key, view.heading);
    set(dictionary, "MESSAGE"_key, view.message);
    return m_impl->render("notice.tpl", dictionary);
}

std::string Theme::mastodon_share_page(MastodonSharePageView const& view) const
{
    Dictionary dictionary("mastodon_share");
    fill_layout(dictionary, view.site, view.meta, view.meta.title.empty() ? std::string_view("Share on Mastodon") : std::string_view(view.meta.title));
    set(dictionary, "URL"_key, view.url);
    set(dictionary, "TEXT"_key, view.text);
    set(dictionary, "INSTANCE"_key, view.instance);
    set_optional(dictionary, "ERROR"_key, "ERROR_TEXT"_key, view.error);
    return m_impl->render("mastodon_share.tpl", dictionary);
}

std::string Theme::sign_in_page(SignInPageView const& view) const
{
    Dictionary dictionary("sign_in");
    fill_layout(dictionary, view.site, view.meta, view.meta.title.empty() ? std::string_view("Sign in") : std::string_view(view.meta.title));
    set(dictionary, "CSRF_TOKEN"_key, view.csrf_token);
    set(dictionary, "NEXT"_key, view.next);
    set_optional(dictionary, "ERROR"_key, "ERROR_TEXT"_key, view.error);
    return m_impl->render("sign_in.tpl", dictionary);
}

std::string Theme::account_security_page(AccountSecurityPageView const& view) const
{
    Dictionary dictionary("account_security");
    fill_layout(dictionary, view.site, view.meta, view.meta.title.empty() ? std::string_view("Your sessions") : std::string_view(view.meta.title));
    dictionary.ShowSection("SECURITY_CURRENT"_key);
    bool others = false;
    for (auto const& session : view.sessions) {
        auto& section = *dictionary.AddSectionDictionary("SESSION"_key);
        set(section, "DEVICE"_key, session.device);
        set(section, "ADDRESS"_key, session.address.empty() ? std::string_view("Unknown") : std::string_view(session.address));
        set(section, "STARTED_TEXT"_key, session.started_text);
        set(section, "STARTED_ISO"_key, session.started_iso);
        set(section, "LAST_ACTIVE_TEXT"_key, session.last_active_text);
        set(section, "LAST_ACTIVE_ISO"_key, session.last_active_iso);
        if (session.current) {
            section.ShowSection("CURRENT"_key);
            continue;
        }
        others = true;
        auto& revoke = *section.AddSectionDictionary("REVOKE"_key);
        set(revoke, "REVOKE_URL"_key, session.revoke_url);
        set(revoke, "CSRF_TOKEN"_key, view.csrf_token);
        set(revoke, "REVOKE_DEVICE"_key, session.device);
    }
    // One button for all the others, only when there are others to sign out.
    if (others)
        set(*dictionary.AddSectionDictionary("OTHERS"_key), "CSRF_TOKEN"_key, view.csrf_token);
    return m_impl->render("account_security.tpl", dictionary);
}

std::optional<StaticFile> Theme::static_file(std::string_view name) const
{
    if (!is_servable_name(name))
        return std::nullopt;
    auto const media_type = media_type_for(name);
    if (!media_type)
        return std::nullopt;
    auto const found = m_impl->files.find("static/" + std::string(name));
    if (found == m_impl->files.end())
        return std::nullopt;
    return StaticFile { found->second, *media_type };
}

}
