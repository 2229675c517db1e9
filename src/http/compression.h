// gzip for textual responses (zlib; no Beast here so it is unit-testable). The server calls
// compress_response() on every answer; the rules live here in one place. Safe on any thread.
#pragma once

#include "http/response.h"

#include <cstddef>
#include <string>
#include <string_view>

namespace http {

// Below this, gzip's 20-byte frame and the CPU cost outweigh the saving.
inline constexpr std::size_t min_compressible_bytes = 512;

// RFC 9110 section 12.5.3: whether an Accept-Encoding value allows gzip. "gzip;q=0" refuses it;
// without a gzip entry, "*" decides; an absent or empty header means identity only.
bool accepts_gzip(std::string_view accept_encoding);

// Whether a Content-Type is text that compresses well (text/*, JSON, XML feeds, SVG, JavaScript).
bool is_compressible(std::string_view content_type);

// The gzip (RFC 1952) encoding of data. Throws std::runtime_error only if zlib fails (no memory).
std::string gzip(std::string_view data);

// Compresses the body in place and sets Content-Encoding when the client accepts gzip, the type
// is compressible, the body is at least min_compressible_bytes and the handler set no
// Content-Encoding. Adds "Vary: Accept-Encoding" to every compressible response.
void compress_response(Response& response, std::string_view accept_encoding);

}
