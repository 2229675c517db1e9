#include "content/markdown.h"

#include <gtest/gtest.h>

namespace {

using content::MarkdownPolicy;

struct RenderCase {
    char const* name;
    char const* source;
    MarkdownPolicy policy;
    char const* expected;
};

TEST(Markdown, RendersUnderEachPolicy)
{
    RenderCase const cases[] = {
        { "paragraph", "Hello *world* and **you**", MarkdownPolicy::Article, "<p>Hello <em>world</em> and <strong>you</strong></p>\n" },
        { "script tag escaped", "<script>alert(1)</script>", MarkdownPolicy::Article, "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n" },
        { "html block escaped", "<div onclick=\"x()\">\nhi\n</div>", MarkdownPolicy::Comment, "<p>&lt;div onclick=&quot;x()&quot;&gt;\nhi\n&lt;/div&gt;</p>\n" },
        { "javascript link keeps text", "[a](javascript:alert(1))", MarkdownPolicy::Article, "<p>a</p>\n" },
        { "upper-case scheme", "[a](JaVaScRiPt:alert(1))", MarkdownPolicy::Article, "<p>a</p>\n" },
        { "entity tab trick", "[a](java&#x09;script:alert(1))", MarkdownPolicy::Article, "<p>a</p>\n" },
        { "entity colon trick", "[a](javascript&colon;alert(1))", MarkdownPolicy::Article, "<p>a</p>\n" },
        { "percent colon trick", "[a](javascript%3Aalert(1))", MarkdownPolicy::Article, "<p>a</p>\n" },
        { "data url", "[a](data:text/html;base64,PHNjcmlwdD4=)", MarkdownPolicy::Article, "<p>a</p>\n" },
        { "vbscript in angle brackets", "[a](<vbscript:msgbox(1)>)", MarkdownPolicy::Article, "<p>a</p>\n" },
        { "javascript image", "![x](javascript:alert(1))", MarkdownPolicy::Article, "<p>x</p>\n" },
        { "javascript autolink", "<javascript:alert(1)>", MarkdownPolicy::Article, "<p>javascript:alert(1)</p>\n" },
        { "https link", "[Tribune](https://example.com/a?b=1&c=2 \"The title\")", MarkdownPolicy::Article,
            "<p><a href=\"https://example.com/a?b=1&amp;c=2\" title=\"The title\">Tribune</a></p>\n" },
        { "relative link", "[about](/about#team)", MarkdownPolicy::Article, "<p><a href=\"/about#team\">about</a></p>\n" },
        { "relative link with colon in path", "[x](./a:b)", MarkdownPolicy::Article, "<p><a href=\"./a:b\">x</a></p>\n" },
        { "mailto", "[write](mailto:editor@example.com)", MarkdownPolicy::Article, "<p><a href=\"mailto:editor@example.com\">write</a></p>\n" },
        { "quote in destination", "[q](https://example.com/\"onmouseover=\"x)", MarkdownPolicy::Article,
            "<p><a href=\"https://example.com/%22onmouseover=%22x\">q</a></p>\n" },
        { "url autolink", "see https://example.com/x.", MarkdownPolicy::Article, "<p>see <a href=\"https://example.com/x\">https://example.com/x</a>.</p>\n" },
        { "www autolink", "www.example.com", MarkdownPolicy::Article, "<p><a href=\"http://www.example.com\">www.example.com</a></p>\n" },
        { "email autolink", "mail me@example.com", MarkdownPolicy::Article, "<p>mail <a href=\"mailto:me@example.com\">me@example.com</a></p>\n" },
        { "image", "![A cat](/media/cat.png)", MarkdownPolicy::Article, "<p><img src=\"/media/cat.png\" loading=\"lazy\" alt=\"A cat\"></p>\n" },
        { "image alt is escaped text", "![a *b* \"c\"](https://example.com/i.png)", MarkdownPolicy::Article,
            "<p><img src=\"https://example.com/i.png\" loading=\"lazy\" alt=\"a b &quot;c&quot;\"></p>\n" },
        { "comment image becomes alt text", "![A cat](https://example.com/cat.png)", MarkdownPolicy::Comment, "<p>A cat</p>\n" },
        { "comment link is nofollow", "[site](https://example.com)", MarkdownPolicy::Comment,
            "<p><a href=\"https://example.com\" rel=\"nofollow ugc noopener\">site</a></p>\n" },
        { "comment autolink is nofollow", "https://example.com", MarkdownPolicy::Comment,
            "<p><a href=\"https://example.com\" rel=\"nofollow ugc noopener\">https://example.com</a></p>\n" },
        { "comment javascript link", "[a](javascript:alert(1))", MarkdownPolicy::Comment, "<p>a</p>\n" },
        { "comment heading stays out of the outline", "# Big", MarkdownPolicy::Comment, "<p><strong>Big</strong></p>\n" },
        { "article heading", "## Section", MarkdownPolicy::Article, "<h2>Section</h2>\n" },
        { "strikethrough", "~~gone~~", MarkdownPolicy::Comment, "<p><del>gone</del></p>\n" },
        { "code block language escaped", "```c\"x\nint a < b;\n```", MarkdownPolicy::Article,
            "<pre><code class=\"language-c&quot;x\">int a &lt; b;\n</code></pre>\n" },
        { "inline code", "`<b>`", MarkdownPolicy::Article, "<p><code>&lt;b&gt;</code></p>\n" },
        { "table", "| a | b |\n|:--|--:|\n| 1 | 2 |", MarkdownPolicy::Article,
            "<div class=\"table-wrap\"><table>\n<thead>\n<tr><th class=\"align-left\">a</th><th class=\"align-right\">b</th></tr>\n</thead>\n"
            "<tbody>\n<tr><td class=\"align-left\">1</td><td class=\"align-right\">2</td></tr>\n</tbody>\n</table></div>\n" },
        { "no tables in comments", "| a |\n|---|", MarkdownPolicy::Comment, "<p>| a |\n|---|</p>\n" },
        { "ordered list start", "3. three\n4. four", MarkdownPolicy::Article, "<ol start=\"3\">\n<li>three</li>\n<li>four</li>\n</ol>\n" },
        { "entities decoded", "&amp; &copy; &#233; &#x1F600; &#0;", MarkdownPolicy::Article, "<p>&amp; © é 😀 \xEF\xBF\xBD</p>\n" },
        { "unknown entity kept", "&hearts;", MarkdownPolicy::Article, "<p>&hearts;</p>\n" },
        { "non-ascii intact", "Zoë Ångström 日本 — ok", MarkdownPolicy::Article, "<p>Zoë Ångström 日本 — ok</p>\n" },
        { "hard break", "a  \nb", MarkdownPolicy::Article, "<p>a<br>\nb</p>\n" },
        { "link inside image alt", "![a [b](https://x.example) c](/i.png)", MarkdownPolicy::Article,
            "<p><img src=\"/i.png\" loading=\"lazy\" alt=\"a b c\"></p>\n" },
    };
    for (auto const& c : cases)
        EXPECT_EQ(content::render_markdown(c.source, c.policy), c.expected) << c.name;
}

TEST(Markdown, NeverEmitsAnUnsafeHref)
{
    char const* const hostile[] = {
        "[a](javascript:alert(1))",
        "[a]( javascript:alert(1))",
        "[a](\x01javascript:alert(1))",
        "[a](java&#x09;script:alert(1))",
        "[a](java&#9;script:alert(1))",
        "[a](&#106;avascript:alert(1))",
        "[a](javascript&#58;alert(1))",
        "[a](java\\tscript:alert(1))",
        "[a][r]\n\n[r]: javascript:alert(1)",
        "<JAVASCRIPT:alert(1)>",
        "![a](javascript:alert(1))",
        "[![a](javascript:x)](javascript:y)",
    };
    for (auto const* source : hostile) {
        for (auto policy : { MarkdownPolicy::Article, MarkdownPolicy::Comment }) {
            auto const html = content::render_markdown(source, policy);
            EXPECT_EQ(html.find("href"), std::string::npos) << source << " -> " << html;
            EXPECT_EQ(html.find("src="), std::string::npos) << source << " -> " << html;
        }
    }
}

TEST(Markdown, JudgesUrls)
{
    struct Case {
        char const* url;
        bool safe;
    } const cases[] = {
        { "https://example.com", true },
        { "HTTP://EXAMPLE.COM", true },
        { "mailto:a@example.com", true },
        { "/relative/path", true },
        { "relative", true },
        { "#fragment", true },
        { "?q=a:b", true },
        { "//example.com/x", true },
        { "", true },
        { "javascript:alert(1)", false },
        { " \t\njavascript:alert(1)", false },
        { "\x01javascript:alert(1)", false },
        { "java\tscript:alert(1)", false },
        { "java&#x09;script:alert(1)", false },
        { "java&#x09script:alert(1)", false },
        { "&#106;avascript:alert(1)", false },
        { "javascript&colon;alert(1)", false },
        { "javascript%3Aalert(1)", false },
        { "data:text/html,x", false },
        { "vbscript:x", false },
        { "file:///etc/passwd", false },
        { "ftp://example.com", false },
        { "tel:123", false },
    };
    for (auto const& c : cases)
        EXPECT_EQ(content::is_safe_url(c.url), c.safe) << c.url;
}

TEST(Markdown, MakesExcerpts)
{
    struct Case {
        char const* name;
        char const* source;
        std::size_t max;
        char const* expected;
    } const cases[] = {
        { "short text unchanged", "Hello *world*.", 280, "Hello world." },
        { "markup stripped", "# Title\n\nSome [link](https://x.example) and `code`.", 280, "Title Some link and code." },
        { "whitespace folded", "a\n\n\n   b\tc", 280, "a b c" },
        { "cut at word boundary", "The quick brown fox jumps", 12, "The quick…" },
        { "limit between words", "The quick brown fox", 10, "The quick…" },
        { "punctuation trimmed before ellipsis", "One, two, three", 9, "One, two…" },
        { "long first word hard cut", "Supercalifragilistic", 6, "Super…" },
        { "exact length unchanged", "abcde", 5, "abcde" },
        { "non-ascii counted as characters", "Zoë Ångström 日本語 text", 17, "Zoë Ångström 日本語…" },
        { "non-ascii before a space", "Zoë Ångström 日本語 text", 16, "Zoë Ångström…" },
        { "non-ascii never split", "日本語日本語", 4, "日本語…" },
        { "code blocks and images left out", "Intro\n\n```\ncode\n```\n\n![alt](/i.png) end", 280, "Intro end" },
        { "raw html is plain text", "<b>bold</b> &amp; more", 280, "<b>bold</b> & more" },
        { "zero length", "anything", 0, "" },
    };
    for (auto const& c : cases)
        EXPECT_EQ(content::make_excerpt(c.source, c.max), c.expected) << c.name;
}

}
