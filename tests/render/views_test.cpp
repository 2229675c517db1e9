#include "render/views.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>

namespace {

int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

// Strict RFC 3986 decoding: '+' stays '+', a malformed escape fails the test.
std::string percent_decode(std::string_view text)
{
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '%') {
            out += text[i];
            continue;
        }
        if (i + 2 >= text.size()) {
            ADD_FAILURE() << "truncated escape in " << text;
            break;
        }
        EXPECT_GE(hex_value(text[i + 1]), 0) << text;
        EXPECT_GE(hex_value(text[i + 2]), 0) << text;
        out += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
        i += 2;
    }
    return out;
}

std::map<std::string, std::string> query_parameters(std::string_view url)
{
    std::map<std::string, std::string> parameters;
    auto const question = url.find('?');
    if (question == std::string_view::npos)
        return parameters;
    auto query = url.substr(question + 1);
    EXPECT_EQ(query.find('#'), std::string_view::npos) << url;
    while (!query.empty()) {
        auto const amp = query.find('&');
        auto const pair = query.substr(0, amp);
        auto const equals = pair.find('=');
        EXPECT_NE(equals, std::string_view::npos) << url;
        auto [it, inserted] = parameters.emplace(std::string(pair.substr(0, equals)), percent_decode(pair.substr(equals + 1)));
        EXPECT_TRUE(inserted) << "repeated parameter " << it->first << " in " << url;
        query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    }
    return parameters;
}

TEST(ShareLinks, ComeInOrderWithTheirAddresses)
{
    auto const links = render::make_share_links("https://news.example/2026/11/hello", "Hello", "https://news.example/feed", "https://news.example");
    struct Expected {
        char const* network;
        char const* label;
        char const* prefix;
    } const expected[] = {
        { "rss", "Subscribe by RSS", "https://news.example/feed" },
        { "x", "Share on X", "https://twitter.com/intent/tweet?url=" },
        { "facebook", "Share on Facebook", "https://www.facebook.com/sharer/sharer.php?u=" },
        { "linkedin", "Share on LinkedIn", "https://www.linkedin.com/sharing/share-offsite/?url=" },
        { "reddit", "Share on Reddit", "https://www.reddit.com/submit?url=" },
        { "mastodon", "Share on Mastodon", "https://news.example/share/mastodon?url=" },
        { "email", "Share by email", "mailto:?subject=" },
    };
    ASSERT_EQ(links.size(), std::size(expected));
    for (std::size_t i = 0; i < links.size(); ++i) {
        EXPECT_EQ(links[i].network, expected[i].network);
        EXPECT_EQ(links[i].label, expected[i].label);
        EXPECT_TRUE(links[i].url.starts_with(expected[i].prefix)) << links[i].url;
    }
    EXPECT_EQ(links[0].url, "https://news.example/feed");
    EXPECT_EQ(links[2].url, "https://www.facebook.com/sharer/sharer.php?u=https%3A%2F%2Fnews.example%2F2026%2F11%2Fhello");
}

TEST(ShareLinks, CarryTheExactUrlAndTitle)
{
    char const* const titles[] = {
        "Hello world",
        "Tom & Jerry \"live\" <b>bold</b> #1? 100% + more = fun/",
        "Zoë Ångström 日本 — 🎉",
        "a=b&c=d#frag?x",
        "'single' ; , : @ $ ! * ( ) ~ . _ -",
        "",
    };
    std::string const url = "https://news.example/2026/11/caf%C3%A9?ref=a&b=c#top";
    for (auto const* title : titles) {
        auto const links = render::make_share_links(url, title, "/feed", "https://news.example");
        struct Parameters {
            char const* network;
            char const* url_name;
            char const* title_name; // nullptr when the network takes no title
        } const parameters[] = {
            { "x", "url", "text" },
            { "facebook", "u", nullptr },
            { "linkedin", "url", nullptr },
            { "reddit", "url", "title" },
            { "mastodon", "url", "text" },
            { "email", "body", "subject" },
        };
        for (auto const& expected : parameters) {
            auto const link = std::find_if(links.begin(), links.end(), [&](auto const& l) { return l.network == expected.network; });
            ASSERT_NE(link, links.end()) << expected.network;
            for (char c : link->url.substr(link->url.find('?') + 1))
                EXPECT_TRUE(c != ' ' && c != '"' && c != '<' && c != '>' && c != '#' && c != '+' && static_cast<unsigned char>(c) < 0x80)
                    << "unencoded '" << c << "' in " << link->url;
            auto const decoded = query_parameters(link->url);
            EXPECT_EQ(decoded.size(), expected.title_name ? 2u : 1u) << link->url;
            EXPECT_EQ(decoded.at(expected.url_name), url) << link->url;
            if (expected.title_name) {
                EXPECT_EQ(decoded.at(expected.title_name), title) << link->url;
            }
        }
    }
}

TEST(ShareLinks, EncodeOnlyUnreservedCharactersAsThemselves)
{
    auto const links = render::make_share_links("https://x.example/", "a b+c~d.e_f-g", "/feed", "https://x.example");
    EXPECT_EQ(links[1].url, "https://twitter.com/intent/tweet?url=https%3A%2F%2Fx.example%2F&text=a%20b%2Bc~d.e_f-g");
    EXPECT_EQ(links[6].url, "mailto:?subject=a%20b%2Bc~d.e_f-g&body=https%3A%2F%2Fx.example%2F");
}

}
