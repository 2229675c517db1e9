#include "render/theme.h"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <random>
#include <thread>

namespace {

// Every kind of trouble at once: markup, both quotes, an entity, a CDATA end, non-ASCII.
constexpr std::string_view hostile = "<script>alert(1)</script> \"' &amp; ]]> Zoë Ångström 日本";

std::string escaped(std::string_view text)
{
    std::string out;
    for (char c : text) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        case '\'':
            out += "&#39;";
            break;
        default:
            out += c;
        }
    }
    return out;
}

std::size_t count(std::string_view haystack, std::string_view needle)
{
    std::size_t n = 0;
    for (auto at = haystack.find(needle); at != std::string_view::npos; at = haystack.find(needle, at + needle.size()))
        ++n;
    return n;
}

#define EXPECT_CONTAINS(html, needle) EXPECT_NE((html).find(needle), std::string::npos) << "missing: " << (needle)
#define EXPECT_LACKS(html, needle) EXPECT_EQ((html).find(needle), std::string::npos) << "unexpected: " << (needle)

// Loose well-formedness: every element we open is closed as often as it is opened.
void expect_balanced(std::string const& html)
{
    for (std::string const tag : { "html", "head", "body", "header", "nav", "main", "footer", "section", "article",
             "div", "ul", "li", "p", "a", "h1", "h2", "h3", "time", "title", "span" }) {
        auto const opened = count(html, "<" + tag + ">") + count(html, "<" + tag + " ");
        EXPECT_EQ(opened, count(html, "</" + tag + ">")) << "<" << tag << "> unbalanced";
    }
    EXPECT_EQ(count(html, "<main"), 1u);
    EXPECT_EQ(count(html, "<h1"), 1u) << "one h1 per page";
}

// What every page carries: head, masthead, navigation, footer; no inline script or style.
void expect_frame(std::string const& html)
{
    EXPECT_TRUE(html.starts_with("<!doctype html>\n<html lang=\"en\">")) << html.substr(0, 80);
    EXPECT_CONTAINS(html, "<meta charset=\"utf-8\">");
    EXPECT_CONTAINS(html, "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
    EXPECT_CONTAINS(html, "<link rel=\"stylesheet\" href=\"/static/style.css\">");
    EXPECT_CONTAINS(html, "<a class=\"skip-link\" href=\"#content\">Skip to content</a>");
    EXPECT_CONTAINS(html, "<main id=\"content\"");
    EXPECT_CONTAINS(html, "<a class=\"site-name\" href=\"/\">");
    EXPECT_CONTAINS(html, "<p class=\"tagline\">" + escaped(hostile) + "</p>");
    EXPECT_CONTAINS(html, "<nav class=\"site-nav\" aria-label=\"Main\">");
    EXPECT_CONTAINS(html, ">Home</a>");
    EXPECT_CONTAINS(html, "<a href=\"/feed\">Feeds</a>");
    EXPECT_CONTAINS(html, "<a href=\"/login\">Sign in</a>");
    EXPECT_CONTAINS(html, "<a class=\"cta-register\" href=\"/register\">Register your voice</a>");
    EXPECT_CONTAINS(html, "Powered by Tribune");
    EXPECT_LACKS(html, "<script");
    EXPECT_LACKS(html, " style=");
    EXPECT_LACKS(html, "javascript:");
    EXPECT_LACKS(html, "{{");
    EXPECT_LACKS(html, "}}");
    expect_balanced(html);
}

render::SiteView site()
{
    return { .name = std::string(hostile), .tagline = std::string(hostile), .base_url = "https://news.example", .language = "en" };
}

render::PageMeta meta(std::string title)
{
    render::PageMeta meta;
    meta.title = std::move(title);
    meta.description = std::string(hostile);
    meta.canonical_url = "https://news.example/page?a=\"'<>&b=1";
    meta.feeds = { { std::string(hostile), "https://news.example/feed", "application/rss+xml" },
        { "Atom", "https://news.example/feed/atom", "application/atom+xml" } };
    return meta;
}

render::ArticleCard card(std::string title, std::int64_t comments)
{
    return { .title = std::move(title), .url = "/2026/11/post?q=\"'<>&x=1", .author_name = std::string(hostile), .author_url = "/author/zo%C3%AB", .date_text = "29 November 2026", .date_iso = "2026-11-29T08:00:00Z", .excerpt = std::string(hostile), .comment_count = comments };
}

class ThemeTest : public testing::Test {
protected:
    static void SetUpTestSuite() { s_theme = render::Theme::load().release(); }
    static void TearDownTestSuite() { delete s_theme; }
    render::Theme const& theme() const { return *s_theme; }

private:
    static inline render::Theme* s_theme = nullptr;
};

TEST_F(ThemeTest, FrontPageShowsCardsPaginationAndHead)
{
    render::FrontPageView view { .site = site(), .meta = meta(""), .articles = { card(std::string(hostile), 3), card("One", 1), card("None", 0) }, .pagination = { .page = 2, .total_pages = 3, .newer_url = "/", .older_url = "/?page=3" } };
    auto const html = theme().front_page(view);
    expect_frame(html);
    EXPECT_CONTAINS(html, "<title>Page 2 – " + escaped(hostile) + "</title>");
    EXPECT_CONTAINS(html, "<link rel=\"canonical\" href=\"https://news.example/page?a=&quot;&#39;&lt;&gt;&amp;b=1\">");
    EXPECT_CONTAINS(html, "<link rel=\"alternate\" type=\"application/rss+xml\" title=\"" + escaped(hostile) + "\" href=\"https://news.example/feed\">");
    EXPECT_CONTAINS(html, "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Atom\" href=\"https://news.example/feed/atom\">");
    EXPECT_CONTAINS(html, "<meta name=\"description\" content=\"" + escaped(hostile) + "\">");
    EXPECT_CONTAINS(html, "<meta property=\"og:site_name\" content=\"" + escaped(hostile) + "\">");
    EXPECT_CONTAINS(html, "<meta property=\"og:type\" content=\"website\">");
    EXPECT_CONTAINS(html, "<meta name=\"twitter:card\" content=\"summary\">");
    EXPECT_LACKS(html, "noindex");
    EXPECT_EQ(count(html, "<article class=\"card\">"), 3u);
    EXPECT_CONTAINS(html, "<h2><a href=\"/2026/11/post?q=&quot;&#39;&lt;&gt;&amp;x=1\">" + escaped(hostile) + "</a></h2>");
    EXPECT_CONTAINS(html, "<a href=\"/author/zo%C3%AB\">" + escaped(hostile) + "</a>");
    EXPECT_CONTAINS(html, "<time datetime=\"2026-11-29T08:00:00Z\">29 November 2026</time>");
    EXPECT_CONTAINS(html, "<p class=\"excerpt\">" + escaped(hostile) + "</p>");
    EXPECT_CONTAINS(html, ">3 comments</a>");
    EXPECT_CONTAINS(html, ">1 comment</a>");
    EXPECT_CONTAINS(html, ">No comments yet</a>");
    EXPECT_CONTAINS(html, "<nav class=\"pagination\" aria-label=\"Pagination\">");
    EXPECT_CONTAINS(html, "href=\"/\" rel=\"prev\">Newer articles</a>");
    EXPECT_CONTAINS(html, "href=\"/?page=3\" rel=\"next\">Older articles</a>");
    EXPECT_CONTAINS(html, "Page 2 of 3");
}

TEST_F(ThemeTest, FirstFrontPageIsTitledByTheSite)
{
    render::FrontPageView view { .site = site(), .meta = meta(""), .articles = {}, .pagination = { .page = 1, .total_pages = 1, .newer_url = "", .older_url = "" } };
    auto const html = theme().front_page(view);
    expect_frame(html);
    EXPECT_CONTAINS(html, "<title>" + escaped(hostile) + " – " + escaped(hostile) + "</title>");
    EXPECT_CONTAINS(html, "aria-current=\"page\">Home</a>");
    EXPECT_CONTAINS(html, "Page 1 of 1");
    EXPECT_LACKS(html, "rel=\"prev\"");
    EXPECT_LACKS(html, "rel=\"next\"");
    EXPECT_CONTAINS(html, "Nothing has been published yet");
}

render::ArticlePageView article_view()
{
    render::ArticlePageView view;
    view.site = site();
    view.meta = meta(std::string(hostile));
    view.meta.og_type = "article";
    view.meta.image_url = "https://news.example/media/cover.png";
    view.meta.author_name = std::string(hostile);
    view.meta.published_iso = "2026-11-29T08:00:00Z";
    view.meta.modified_iso = "2026-11-30T09:00:00Z";
    view.title = std::string(hostile);
    view.author_name = std::string(hostile);
    view.author_url = "/author/zoe?x=\"'<>";
    view.date_text = "29 November 2026";
    view.date_iso = "2026-11-29T08:00:00Z";
    view.body_html = "<p>Body with <em>markup</em> &amp; <a href=\"https://example.com\">a link</a></p>";
    view.share_links = render::make_share_links("https://news.example/2026/11/post", std::string(hostile), "https://news.example/feed", "https://news.example");
    view.author_article_count = 5;
    view.author_bio = std::string(hostile);
    view.comments = {
        { .anchor = "comment-1", .author_name = std::string(hostile), .author_url = "/author/bob", .date_text = "1 December 2026", .date_iso = "2026-12-01T10:00:00Z", .body_html = "<p>First <strong>comment</strong></p>" },
        { .anchor = "comment-2", .author_name = "Ann", .author_url = "/author/ann", .date_text = "2 December 2026", .date_iso = "2026-12-02T10:00:00Z", .body_html = "<p>Second</p>" },
    };
    view.login_url = "/login?next=%2F2026%2F11%2Fpost%23respond";
    view.register_url = "/register";
    return view;
}

TEST_F(ThemeTest, ArticlePageShowsEverySection)
{
    auto const view = article_view();
    auto const html = theme().article_page(view);
    expect_frame(html);
    EXPECT_CONTAINS(html, "<title>" + escaped(hostile) + " – " + escaped(hostile) + "</title>");
    EXPECT_CONTAINS(html, "<meta property=\"og:title\" content=\"" + escaped(hostile) + "\">");
    EXPECT_CONTAINS(html, "<meta property=\"og:type\" content=\"article\">");
    EXPECT_CONTAINS(html, "<meta property=\"og:url\" content=\"https://news.example/page?a=&quot;&#39;&lt;&gt;&amp;b=1\">");
    EXPECT_CONTAINS(html, "<meta property=\"og:image\" content=\"https://news.example/media/cover.png\">");
    EXPECT_CONTAINS(html, "<meta property=\"article:published_time\" content=\"2026-11-29T08:00:00Z\">");
    EXPECT_CONTAINS(html, "<meta property=\"article:modified_time\" content=\"2026-11-30T09:00:00Z\">");
    EXPECT_CONTAINS(html, "<meta property=\"article:author\" content=\"" + escaped(hostile) + "\">");
    EXPECT_CONTAINS(html, "<meta name=\"twitter:card\" content=\"summary_large_image\">");
    EXPECT_CONTAINS(html, "<meta name=\"twitter:title\" content=\"" + escaped(hostile) + "\">");
    EXPECT_CONTAINS(html, "<meta name=\"twitter:description\" content=\"" + escaped(hostile) + "\">");

    EXPECT_CONTAINS(html, "<article class=\"article\">");
    EXPECT_CONTAINS(html, "<h1>" + escaped(hostile) + "</h1>");
    EXPECT_CONTAINS(html, "<a href=\"/author/zoe?x=&quot;&#39;&lt;&gt;\" rel=\"author\">" + escaped(hostile) + "</a>");
    EXPECT_CONTAINS(html, "<time datetime=\"2026-11-29T08:00:00Z\">29 November 2026</time>");
    EXPECT_CONTAINS(html, "<div class=\"article-body\">" + view.body_html + "</div>");

    EXPECT_CONTAINS(html, "<section class=\"share\" aria-labelledby=\"share-heading\"><h2 id=\"share-heading\">Share this post</h2>");
    std::size_t previous = 0;
    for (auto const& link : view.share_links) {
        auto const at = html.find("<a class=\"share-" + link.network + "\" href=\"" + escaped(link.url) + "\"");
        ASSERT_NE(at, std::string::npos) << link.network;
        EXPECT_GT(at, previous) << link.network << " out of order";
        EXPECT_NE(html.find(">" + link.label + "</a>", at), std::string::npos);
        previous = at;
    }
    EXPECT_CONTAINS(html, "<a class=\"share-email\" href=\"mailto:?subject=");

    EXPECT_CONTAINS(html, "<section class=\"author-box\" aria-labelledby=\"author-heading\"><h2 id=\"author-heading\">About the author</h2>");
    EXPECT_CONTAINS(html, "<p class=\"author-count\"><a href=\"/author/zoe?x=&quot;&#39;&lt;&gt;\">" + escaped(hostile) + "</a> has written 5 articles for " + escaped(hostile) + "</p>");
    EXPECT_CONTAINS(html, "<p class=\"author-bio\">" + escaped(hostile) + "</p>");

    EXPECT_CONTAINS(html, "<section id=\"comments\" aria-labelledby=\"comments-heading\"><h2 id=\"comments-heading\">Leave your response</h2>");
    EXPECT_CONTAINS(html, "<article class=\"comment\" id=\"comment-1\">");
    EXPECT_CONTAINS(html, "<article class=\"comment\" id=\"comment-2\">");
    EXPECT_CONTAINS(html, "<a href=\"/author/bob\">" + escaped(hostile) + "</a>");
    EXPECT_CONTAINS(html, "<time datetime=\"2026-12-01T10:00:00Z\">1 December 2026</time>");
    EXPECT_CONTAINS(html, "<p>First <strong>comment</strong></p>");
    EXPECT_CONTAINS(html, "2 comments");
    EXPECT_LACKS(html, "No comments yet");

    EXPECT_CONTAINS(html, "<div id=\"respond\">");
    EXPECT_CONTAINS(html, "<p class=\"login-required\">You must be logged in to post a comment.</p>");
    EXPECT_CONTAINS(html, "href=\"/login?next=%2F2026%2F11%2Fpost%23respond\">Sign in</a>");
    EXPECT_CONTAINS(html, "<a href=\"/register\">register your voice</a>");

    // The order the page reads in.
    auto const share = html.find("class=\"share\"");
    auto const author = html.find("class=\"author-box\"");
    auto const comments = html.find("id=\"comments\"");
    auto const respond = html.find("id=\"respond\"");
    EXPECT_LT(html.find("class=\"article-body\""), share);
    EXPECT_LT(share, author);
    EXPECT_LT(author, comments);
    EXPECT_LT(comments, respond);
}

TEST_F(ThemeTest, ArticlePageCountsInTheSingularAndWithoutComments)
{
    auto view = article_view();
    view.author_article_count = 1;
    view.comments.clear();
    view.author_bio.clear();
    view.meta.image_url.clear();
    view.signed_in = true;
    auto const html = theme().article_page(view);
    expect_frame(html);
    EXPECT_CONTAINS(html, " has written 1 article for ");
    EXPECT_CONTAINS(html, "No comments yet");
    EXPECT_LACKS(html, "<article class=\"comment\"");
    EXPECT_LACKS(html, "class=\"author-bio\"");
    EXPECT_LACKS(html, "og:image");
    EXPECT_CONTAINS(html, "<meta name=\"twitter:card\" content=\"summary\">");
    EXPECT_LACKS(html, "login-required");
    EXPECT_CONTAINS(html, "comment form");
}

TEST_F(ThemeTest, NeutralisesScriptUrlsInHrefs)
{
    auto view = article_view();
    view.author_url = "javascript:alert(1)";
    view.login_url = " JaVaScRiPt:alert(1)";
    view.register_url = "data:text/html,<script>alert(1)</script>";
    view.comments[0].author_url = "vbscript:msgbox(1)";
    view.comments[1].author_url = "java\tscript:alert(1)";
    view.share_links = { { "rss", "Subscribe by RSS", "javascript:alert(1)" }, { "email", "Mail", "mailto:?subject=a%20b" } };
    view.meta.canonical_url = "javascript:alert(2)";
    auto const html = theme().article_page(view);
    EXPECT_LACKS(html, "javascript:");
    EXPECT_LACKS(html, "JaVaScRiPt:");
    EXPECT_LACKS(html, "vbscript:");
    EXPECT_LACKS(html, "data:text");
    EXPECT_LACKS(html, "script:");
    EXPECT_CONTAINS(html, "<a class=\"share-rss\" href=\"#\">");
    EXPECT_CONTAINS(html, "<a class=\"share-email\" href=\"mailto:?subject=a%20b\">");
    EXPECT_CONTAINS(html, "<link rel=\"canonical\" href=\"#\">");
    EXPECT_GE(count(html, "href=\"#\""), 6u);
}

TEST_F(ThemeTest, AuthorPageShowsTheAuthorAndTheirArticles)
{
    render::AuthorPageView view { .site = site(), .meta = meta(""), .username = "zoe", .display_name = std::string(hostile), .bio = std::string(hostile), .article_count = 12, .articles = { card("First", 2), card("Second", 0) }, .pagination = { .page = 1, .total_pages = 2, .newer_url = "", .older_url = "/author/zoe?page=2" } };
    auto html = theme().author_page(view);
    expect_frame(html);
    EXPECT_CONTAINS(html, "<title>" + escaped(hostile) + " – " + escaped(hostile) + "</title>");
    EXPECT_CONTAINS(html, "<h1>" + escaped(hostile) + "</h1>");
    EXPECT_CONTAINS(html, "<p class=\"author-bio\">" + escaped(hostile) + "</p>");
    EXPECT_CONTAINS(html, "12 articles");
    EXPECT_EQ(count(html, "<article class=\"card\">"), 2u);
    EXPECT_CONTAINS(html, "<nav class=\"pagination\" aria-label=\"Pagination\">");
    EXPECT_CONTAINS(html, "href=\"/author/zoe?page=2\" rel=\"next\">Older articles</a>");
    EXPECT_CONTAINS(html, "Page 1 of 2");

    view.article_count = 1;
    view.bio.clear();
    html = theme().author_page(view);
    EXPECT_CONTAINS(html, ">1 article<");
    EXPECT_LACKS(html, "author-bio");
}

TEST_F(ThemeTest, ErrorPageShowsStatusMessageAndRequestId)
{
    render::ErrorPageView view { .site = site(), .status = 404, .title = std::string(hostile), .message = std::string(hostile), .request_id = "req-<1>" };
    auto html = theme().error_page(view);
    expect_frame(html);
    EXPECT_CONTAINS(html, "<title>" + escaped(hostile) + " – " + escaped(hostile) + "</title>");
    EXPECT_CONTAINS(html, "404");
    EXPECT_CONTAINS(html, "<h1>" + escaped(hostile) + "</h1>");
    EXPECT_CONTAINS(html, "<p class=\"message\">" + escaped(hostile) + "</p>");
    EXPECT_CONTAINS(html, "Request id: req-&lt;1&gt;");
    EXPECT_CONTAINS(html, "<meta name=\"robots\" content=\"noindex\">");
    EXPECT_LACKS(html, "rel=\"canonical\"");
    EXPECT_LACKS(html, "og:");

    view.status = 500;
    view.request_id.clear();
    html = theme().error_page(view);
    EXPECT_CONTAINS(html, "500");
    EXPECT_LACKS(html, "Request id");
}

TEST_F(ThemeTest, NoticePageShowsHeadingAndMessage)
{
    render::NoticePageView view { .site = site(), .meta = meta("Registration"), .heading = std::string(hostile), .message = std::string(hostile) };
    view.meta.noindex = true;
    auto const html = theme().notice_page(view);
    expect_frame(html);
    EXPECT_CONTAINS(html, "<title>Registration – " + escaped(hostile) + "</title>");
    EXPECT_CONTAINS(html, "<h1>" + escaped(hostile) + "</h1>");
    EXPECT_CONTAINS(html, "<p class=\"message\">" + escaped(hostile) + "</p>");
    EXPECT_CONTAINS(html, "<meta name=\"robots\" content=\"noindex\">");
}

TEST_F(ThemeTest, ServesStaticFilesButNoDotfilesOrParents)
{
    auto const css = theme().static_file("style.css");
    ASSERT_TRUE(css.has_value());
    EXPECT_EQ(css->media_type, "text/css; charset=utf-8");
    EXPECT_NE(css->bytes.find(":focus-visible"), std::string_view::npos);
    auto const logo = theme().static_file("logo.svg");
    ASSERT_TRUE(logo.has_value());
    EXPECT_EQ(logo->media_type, "image/svg+xml");

    for (auto const* refused : { "../x", "..", "../layout.tpl", ".hidden", "a/../style.css", "./style.css", "/style.css", "",
             "style.css/", "a//b.css", ".git/config", "sub/.env", "a\\b.css", "missing.css", "../../etc/passwd" })
        EXPECT_FALSE(theme().static_file(refused).has_value()) << refused;
}

TEST_F(ThemeTest, RendersTheSamePageFromManyThreads)
{
    auto const view = article_view();
    auto const expected = theme().article_page(view);
    constexpr int thread_count = 4;
    std::vector<std::jthread> threads;
    threads.reserve(thread_count);
    std::atomic<int> mismatches = 0;
    for (int t = 0; t < thread_count; ++t)
        threads.emplace_back([&] {
            for (int i = 0; i < 25; ++i)
                mismatches += theme().article_page(view) != expected;
        });
    threads.clear();
    EXPECT_EQ(mismatches, 0);
}

class ThemeFolder {
public:
    ThemeFolder()
        : m_path(std::filesystem::temp_directory_path() / ("tribune-theme-" + std::to_string(std::random_device {}())))
    {
        std::filesystem::create_directories(m_path / "static");
    }
    ~ThemeFolder() { std::filesystem::remove_all(m_path); }
    void write(std::string const& name, std::string_view bytes) const
    {
        std::filesystem::create_directories((m_path / name).parent_path());
        std::ofstream(m_path / name, std::ios::binary) << bytes;
    }
    std::filesystem::path const& path() const { return m_path; }

private:
    std::filesystem::path m_path;
};

TEST(ThemeFolderTest, OverridesTheEmbeddedFilesOfTheSameName)
{
    ThemeFolder folder;
    folder.write("article.tpl", "{{%AUTOESCAPE context=\"HTML\"}}\n<p class=\"custom\">{{TITLE}}</p>\n");
    folder.write("static/style.css", "body { color: red; }");
    folder.write("static/.hidden.css", "secret");
    folder.write(".private/static/x.css", "secret");
    auto const theme = render::Theme::load(folder.path());

    auto view = article_view();
    auto const article = theme->article_page(view);
    EXPECT_CONTAINS(article, "<p class=\"custom\">" + escaped(hostile) + "</p>");
    EXPECT_LACKS(article, "class=\"share\"");
    EXPECT_CONTAINS(article, "<a class=\"cta-register\" href=\"/register\">"); // the embedded layout still frames it

    render::FrontPageView front { .site = site(), .meta = meta(""), .articles = { card("One", 1) }, .pagination = {} };
    EXPECT_CONTAINS(theme->front_page(front), "<article class=\"card\">");

    auto const css = theme->static_file("style.css");
    ASSERT_TRUE(css.has_value());
    EXPECT_EQ(css->bytes, "body { color: red; }");
    EXPECT_TRUE(theme->static_file("logo.svg").has_value());
    EXPECT_FALSE(theme->static_file(".hidden.css").has_value());
    EXPECT_FALSE(theme->static_file("../.private/static/x.css").has_value());
}

TEST(ThemeFolderTest, RefusesABrokenTemplateByName)
{
    ThemeFolder folder;
    folder.write("notice.tpl", "{{%AUTOESCAPE context=\"HTML\"}}\n{{#OPEN}}<p>never closed</p>\n");
    try {
        auto const theme = render::Theme::load(folder.path());
        ADD_FAILURE() << "a broken template loaded";
    } catch (std::runtime_error const& error) {
        EXPECT_NE(std::string(error.what()).find("notice.tpl"), std::string::npos) << error.what();
    }
    EXPECT_THROW(render::Theme::load(folder.path() / "missing"), std::runtime_error);
}

}
