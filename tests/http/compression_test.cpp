#include "http/compression.h"

#include <gtest/gtest.h>
#include <stdexcept>
#include <zlib.h>

namespace {

// Inflates a gzip stream with zlib directly, independently of the code under test.
std::string gunzip(std::string_view compressed)
{
    z_stream stream {};
    if (inflateInit2(&stream, 15 + 16) != Z_OK)
        throw std::runtime_error("inflateInit2");
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
    stream.avail_in = static_cast<uInt>(compressed.size());
    std::string out;
    char chunk[4096];
    int result = Z_OK;
    while (result == Z_OK) {
        stream.next_out = reinterpret_cast<Bytef*>(chunk);
        stream.avail_out = sizeof chunk;
        result = inflate(&stream, Z_NO_FLUSH);
        out.append(chunk, sizeof chunk - stream.avail_out);
    }
    inflateEnd(&stream);
    if (result != Z_STREAM_END)
        throw std::runtime_error("not a complete gzip stream");
    return out;
}

std::string page_text()
{
    std::string text;
    for (int i = 0; i < 200; ++i)
        text += "<p>Paragraph " + std::to_string(i) + " of a long article about compression.</p>\n";
    return text;
}

TEST(AcceptsGzip, HonoursQualityValues)
{
    struct Case {
        std::string_view header;
        bool expected;
    };
    Case const cases[] = {
        { "", false },
        { "identity", false },
        { "gzip", true },
        { "GZip", true },
        { "x-gzip", true },
        { "deflate, gzip, br", true },
        { "gzip;q=0.5", true },
        { "gzip; q=1.0", true },
        { "gzip;q=0", false },
        { "gzip;q=0.000", false },
        { "gzip;Q=0.0, br", false },
        { "br, gzip ; q=0", false },
        { "*", true },
        { "*;q=0", false },
        { "gzip, *;q=0", true },
        { "gzip;q=0, *", false },
        { "br;q=1, identity", false },
        { "gzipped", false },
    };
    for (auto const& c : cases)
        EXPECT_EQ(http::accepts_gzip(c.header), c.expected) << c.header;
}

TEST(IsCompressible, KnowsTextualTypes)
{
    for (std::string_view type : { "text/html; charset=utf-8", "TEXT/CSS", "text/plain", "application/json", "application/rss+xml",
             "application/atom+xml", "application/feed+json", "application/xml", "image/svg+xml", "application/javascript",
             " application/json ; charset=utf-8" })
        EXPECT_TRUE(http::is_compressible(type)) << type;
    for (std::string_view type : { "", "image/png", "image/jpeg", "application/octet-stream", "application/zip", "font/woff2", "application/jsonx" })
        EXPECT_FALSE(http::is_compressible(type)) << type;
}

TEST(Gzip, RoundTripsThroughZlib)
{
    auto const text = page_text();
    auto const compressed = http::gzip(text);
    EXPECT_LT(compressed.size(), text.size() / 4);
    EXPECT_EQ(gunzip(compressed), text);
    EXPECT_EQ(gunzip(http::gzip("")), "");
}

TEST(CompressResponse, CompressesLargeTextWhenAccepted)
{
    auto response = http::Response::html(page_text());
    auto const original = response.body;
    http::compress_response(response, "gzip, deflate");
    EXPECT_EQ(response.header("Content-Encoding"), "gzip");
    EXPECT_EQ(response.header("Vary"), "Accept-Encoding");
    EXPECT_EQ(gunzip(response.body), original);
}

TEST(CompressResponse, LeavesTheBodyAloneOtherwise)
{
    struct Case {
        std::string_view name;
        http::Response response;
        std::string_view accept_encoding;
        std::string_view vary;
    };
    auto with_encoding = http::Response::html(page_text());
    with_encoding.set_header("Content-Encoding", "br");
    auto binary = http::Response::text(page_text(), "image/png");
    auto with_vary = http::Response::html(page_text());
    with_vary.set_header("Vary", "Cookie");
    Case const cases[] = {
        { "not accepted", http::Response::html(page_text()), "br", "Accept-Encoding" },
        { "refused with q=0", http::Response::html(page_text()), "gzip;q=0", "Accept-Encoding" },
        { "too small", http::Response::html(std::string(http::min_compressible_bytes - 1, 'a')), "gzip", "Accept-Encoding" },
        { "handler chose an encoding", with_encoding, "gzip", "" },
        { "binary type", binary, "gzip", "" },
        { "existing Vary kept", with_vary, "identity", "Cookie, Accept-Encoding" },
    };
    for (auto const& c : cases) {
        auto response = c.response;
        http::compress_response(response, c.accept_encoding);
        EXPECT_EQ(response.body, c.response.body) << c.name;
        EXPECT_EQ(response.header("Content-Encoding"), c.response.header("Content-Encoding")) << c.name;
        EXPECT_EQ(response.header("Vary"), c.vary) << c.name;
    }
}

}
