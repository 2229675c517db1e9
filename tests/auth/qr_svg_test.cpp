#include "auth/qr_svg.h"

#include <gtest/gtest.h>

#include <regex>
#include <vector>

namespace {

using Grid = std::vector<std::vector<bool>>;

// The modules the path draws, read back from its "Mx yhnv1h-nz" runs.
Grid modules_of(std::string const& svg, int size)
{
    Grid grid(size, std::vector<bool>(size, false));
    auto const start = svg.find(" d=\"");
    auto const end = svg.find('"', start + 4);
    auto const path = svg.substr(start + 4, end - start - 4);
    std::regex const run(R"(M(\d+) (\d+)h(\d+)v1h-(\d+)z)");
    std::size_t covered = 0;
    for (std::sregex_iterator it(path.begin(), path.end(), run), done; it != done; ++it) {
        int const x = std::stoi((*it)[1]), y = std::stoi((*it)[2]), n = std::stoi((*it)[3]);
        EXPECT_EQ(n, std::stoi((*it)[4]));
        for (int i = 0; i < n; ++i)
            grid.at(y).at(x + i) = true;
        covered += it->length();
    }
    EXPECT_EQ(covered, path.size()) << "the path holds only runs";
    return grid;
}

int view_box_size(std::string const& svg)
{
    std::smatch match;
    EXPECT_TRUE(std::regex_search(svg, match, std::regex(R"re(viewBox="0 0 (\d+) (\d+)")re")));
    EXPECT_EQ(match[1], match[2]);
    return std::stoi(match[1]);
}

// ISO/IEC 18004 finder pattern: a 7x7 dark ring, a light ring, a 3x3 dark centre.
bool has_finder_at(Grid const& grid, int left, int top)
{
    for (int y = 0; y < 7; ++y)
        for (int x = 0; x < 7; ++x) {
            bool const ring = x == 0 || y == 0 || x == 6 || y == 6;
            bool const centre = x >= 2 && x <= 4 && y >= 2 && y <= 4;
            if (grid[top + y][left + x] != (ring || centre))
                return false;
        }
    return true;
}

}

TEST(QrSvg, IsOneInlineSvgWithoutStyle)
{
    auto const svg = auth::qr_svg("otpauth://totp/Tribune:ada?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", "Scan with your app");
    EXPECT_TRUE(svg.starts_with(R"(<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 )")) << svg.substr(0, 80);
    EXPECT_TRUE(svg.ends_with(R"("/></svg>)"));
    EXPECT_NE(svg.find(R"(role="img")"), std::string::npos);
    EXPECT_NE(svg.find(R"(aria-label="Scan with your app")"), std::string::npos);
    EXPECT_EQ(svg.find("style"), std::string::npos);
    EXPECT_EQ(svg.find("<script"), std::string::npos);
    EXPECT_EQ(svg.find("<path"), svg.rfind("<path")) << "one path";
}

TEST(QrSvg, DrawsTheSymbolInsideAQuietZone)
{
    struct Case {
        std::string text;
        int modules; // 17 + 4 x version, as libqrencode picks the smallest version at level M
    };
    Case const cases[] = {
        { "hello", 21 }, // version 1 (8-bit at level M holds 14 bytes)
        { std::string(100, 'a'), 41 }, // version 6 (version 5 holds 84 bytes, 6 holds 106)
        { std::string(200, 'z'), 57 }, // version 10 (version 9 holds 180 bytes, 10 holds 213)
    };
    for (auto const& c : cases) {
        auto const svg = auth::qr_svg(c.text);
        int const size = view_box_size(svg);
        EXPECT_EQ(size, c.modules + 2 * auth::qr_quiet_zone) << c.text.size();
        auto const grid = modules_of(svg, size);
        int const q = auth::qr_quiet_zone;
        for (int i = 0; i < size; ++i)
            for (int border = 0; border < q; ++border) {
                EXPECT_FALSE(grid[border][i] || grid[size - 1 - border][i] || grid[i][border] || grid[i][size - 1 - border])
                    << "quiet zone dark at " << i;
            }
        EXPECT_TRUE(has_finder_at(grid, q, q));
        EXPECT_TRUE(has_finder_at(grid, size - q - 7, q));
        EXPECT_TRUE(has_finder_at(grid, q, size - q - 7));
        EXPECT_FALSE(has_finder_at(grid, size - q - 7, size - q - 7)) << "no finder bottom right";
    }
}

TEST(QrSvg, MarkupInTextOrLabelCannotEscape)
{
    auto const svg = auth::qr_svg(R"(<script>alert("&")</script>)", R"(QR "code" <b>&</b> 'x')");
    EXPECT_EQ(svg.find("<script"), std::string::npos);
    EXPECT_EQ(svg.find("<b>"), std::string::npos);
    EXPECT_NE(svg.find(R"(aria-label="QR &quot;code&quot; &lt;b&gt;&amp;&lt;/b&gt; &#39;x&#39;")"), std::string::npos);
    // Only the svg, rect and path elements: the text is in the modules, never in the markup.
    EXPECT_EQ(std::count(svg.begin(), svg.end(), '<'), 4);
    EXPECT_EQ(std::count(svg.begin(), svg.end(), '>'), 4);
}

TEST(QrSvg, EncodesBytesPastANul)
{
    using namespace std::string_literals;
    EXPECT_NE(auth::qr_svg("a\0b"s), auth::qr_svg("a"));
}

TEST(QrSvg, ThrowsWhenTheTextCannotFit)
{
    EXPECT_THROW((void)auth::qr_svg(std::string(5000, 'x')), std::length_error);
}
