#include "http/compression.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <limits>
#include <stdexcept>
#include <zlib.h>

namespace http {

namespace {

// zlib's default: level 9 costs about three times the CPU for a few percent smaller pages.
constexpr int gzip_level = 6;
// windowBits 15 plus 16 asks zlib for a gzip header and trailer instead of zlib's own.
constexpr int gzip_window_bits = 15 + 16;
constexpr int zlib_memory_level = 8;

std::string_view trim(std::string_view text)
{
    auto const first = text.find_first_not_of(" \t");
    if (first == std::string_view::npos)
        return {};
    auto const last = text.find_last_not_of(" \t");
    return text.substr(first, last - first + 1);
}

std::string lower(std::string_view text)
{
    std::string out(text);
    std::ranges::transform(out, out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

// RFC 9110 section 12.4.2: qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] ).
// Only "is it zero" matters here; anything unparsable counts as acceptable, like q=1.
bool is_zero_qvalue(std::string_view value)
{
    value = trim(value);
    if (value.empty() || value[0] != '0')
        return false;
    value.remove_prefix(1);
    if (value.empty())
        return true;
    if (value[0] != '.')
        return false;
    return std::ranges::all_of(value.substr(1), [](char c) { return c == '0'; });
}

}

bool accepts_gzip(std::string_view accept_encoding)
{
    enum class Verdict { Unlisted,
        Accepted,
        Refused };
    Verdict gzip_verdict = Verdict::Unlisted;
    Verdict star_verdict = Verdict::Unlisted;
    while (!accept_encoding.empty()) {
        auto const comma = accept_encoding.find(',');
        auto const entry = accept_encoding.substr(0, comma);
        accept_encoding = comma == std::string_view::npos ? std::string_view {} : accept_encoding.substr(comma + 1);

        auto const semicolon = entry.find(';');
        auto const coding = lower(trim(entry.substr(0, semicolon)));
        bool refused = false;
        auto parameters = semicolon == std::string_view::npos ? std::string_view {} : entry.substr(semicolon + 1);
        while (!parameters.empty()) {
            auto const next = parameters.find(';');
            auto const parameter = trim(parameters.substr(0, next));
            parameters = next == std::string_view::npos ? std::string_view {} : parameters.substr(next + 1);
            if (parameter.size() >= 2 && (parameter[0] == 'q' || parameter[0] == 'Q') && parameter[1] == '=')
                refused = is_zero_qvalue(parameter.substr(2));
        }
        auto const verdict = refused ? Verdict::Refused : Verdict::Accepted;
        if (coding == "gzip" || coding == "x-gzip")
            gzip_verdict = verdict;
        else if (coding == "*")
            star_verdict = verdict;
    }
    if (gzip_verdict != Verdict::Unlisted)
        return gzip_verdict == Verdict::Accepted;
    return star_verdict == Verdict::Accepted;
}

bool is_compressible(std::string_view content_type)
{
    static constexpr std::array<std::string_view, 8> textual_types {
        "application/xml",
        "application/rss+xml",
        "application/atom+xml",
        "application/json",
        "application/feed+json",
        "image/svg+xml",
        "application/javascript",
        "text/javascript",
    };
    auto const media_type = lower(trim(content_type.substr(0, content_type.find(';'))));
    return media_type.starts_with("text/") || std::ranges::find(textual_types, media_type) != textual_types.end();
}

std::string gzip(std::string_view data)
{
    if (data.size() > std::numeric_limits<uInt>::max() / 2)
        throw std::length_error("body too large for one gzip call");
    z_stream stream {};
    if (deflateInit2(&stream, gzip_level, Z_DEFLATED, gzip_window_bits, zlib_memory_level, Z_DEFAULT_STRATEGY) != Z_OK)
        throw std::runtime_error("zlib deflateInit2 failed");
    std::string out(deflateBound(&stream, static_cast<uLong>(data.size())), '\0');
    // zlib's API is not const-correct; it only reads next_in.
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    stream.avail_in = static_cast<uInt>(data.size());
    stream.next_out = reinterpret_cast<Bytef*>(out.data());
    stream.avail_out = static_cast<uInt>(out.size());
    // deflateBound guarantees a single Z_FINISH call completes.
    int const result = deflate(&stream, Z_FINISH);
    out.resize(stream.total_out);
    deflateEnd(&stream);
    if (result != Z_STREAM_END)
        throw std::runtime_error("zlib deflate did not finish");
    return out;
}

void compress_response(Response& response, std::string_view accept_encoding)
{
    if (!is_compressible(response.header("Content-Type")) || !response.header("Content-Encoding").empty())
        return;
    auto const vary = response.header("Vary");
    if (vary.empty())
        response.set_header("Vary", "Accept-Encoding");
    else if (lower(vary).find("accept-encoding") == std::string::npos && vary != "*")
        response.set_header("Vary", std::string(vary) + ", Accept-Encoding");

    if (response.body.size() < min_compressible_bytes || !accepts_gzip(accept_encoding))
        return;
    auto compressed = gzip(response.body);
    if (compressed.size() >= response.body.size())
        return;
    response.body = std::move(compressed);
    response.set_header("Content-Encoding", "gzip");
}

}
