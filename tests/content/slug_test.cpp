#include "content/slug.h"

#include <gtest/gtest.h>

namespace {

TEST(Slug, MakesSlugsFromTitles)
{
    struct Case {
        char const* title;
        char const* expected;
    } const cases[] = {
        { "Hello, World!", "hello-world" },
        { "Crème brûlée", "creme-brulee" },
        { "Straße und Maß", "strasse-und-mass" },
        { "Æsir, Ørsted and Łódź", "aesir-orsted-and-lodz" },
        { "Œuvre, þorn, Ĳssel", "oeuvre-thorn-ijssel" },
        { "Ștefan și Țara", "stefan-si-tara" },
        { "Don't stop – it’s fine", "dont-stop-its-fine" },
        { "  --Leading and trailing--  ", "leading-and-trailing" },
        { "Many   spaces\t\tand\nlines", "many-spaces-and-lines" },
        { "2026: the year", "2026-the-year" },
        { "C++ & <html>", "c-html" },
        { "Zoë Ångström 日本", "zoe-angstrom" },
        { "日本語", "article" },
        { "", "article" },
        { "!!!", "article" },
        { "a\xff\xfe"
          "b",
            "a-b" },
        { "ſ ÿ", "s-y" },
    };
    for (auto const& c : cases) {
        auto const slug = content::make_slug(c.title);
        EXPECT_EQ(slug, c.expected) << c.title;
        EXPECT_TRUE(content::is_valid_slug(slug)) << slug;
    }
}

TEST(Slug, CutsLongTitlesAtAWordBoundary)
{
    std::string title;
    for (int i = 0; i < 20; ++i)
        title += "word" + std::to_string(i) + " ";
    auto const slug = content::make_slug(title);
    EXPECT_LE(slug.size(), 80u);
    EXPECT_EQ(slug, "word0-word1-word2-word3-word4-word5-word6-word7-word8-word9-word10-word11-word12");
    EXPECT_TRUE(content::is_valid_slug(slug));

    auto const one_word = content::make_slug(std::string(100, 'x'));
    EXPECT_EQ(one_word, std::string(80, 'x'));

    // A hyphen exactly at the limit keeps all 80 characters.
    auto const exact = content::make_slug(std::string(80, 'a') + " b");
    EXPECT_EQ(exact, std::string(80, 'a'));
}

TEST(Slug, ValidatesSlugs)
{
    struct Case {
        char const* slug;
        bool valid;
    } const cases[] = {
        { "hello-world", true },
        { "a", true },
        { "2026", true },
        { "", false },
        { "-a", false },
        { "a-", false },
        { "a--b", false },
        { "Hello", false },
        { "a_b", false },
        { "caf\xc3\xa9", false },
        { "a/b", false },
    };
    for (auto const& c : cases)
        EXPECT_EQ(content::is_valid_slug(c.slug), c.valid) << c.slug;
    EXPECT_TRUE(content::is_valid_slug(std::string(80, 'a')));
    EXPECT_FALSE(content::is_valid_slug(std::string(81, 'a')));
}

}
