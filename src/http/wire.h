// The byte-level rules of HTTP/1.1 the server applies, without Beast so they are unit-testable:
// finding the end of a request head, refusing ambiguous framing (SECURITY.md 13), decoding the
// request target, and turning a handler's Response into what goes on the wire. Pure functions,
// safe on any thread.
#pragma once

#include "http/request.h"
#include "http/response.h"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace http {

// Longest request target served; longer ones get 414 (RFC 9112 section 3 suggests 8000 at least).
inline constexpr std::size_t max_target_bytes = 8 * 1024;
// Longest request line: the target plus room for the method and "HTTP/1.1".
inline constexpr std::size_t max_request_line_bytes = max_target_bytes + 64;

// The length of the request head ending in the first "\r\n\r\n", or npos when it has not all
// arrived. `searched` says how far an earlier call already looked, to keep repeated calls linear.
std::size_t find_head_end(std::string_view buffered, std::size_t searched = 0);

// RFC 9112 section 5.2: a header line starting with SP or HTAB (obs-fold) is refused; Beast
// would quietly join it to the line before, which is how request smuggling begins.
bool has_obs_fold(std::string_view head);

// True when the request line is "METHOD SP TARGET SP HTTP/d.d": a well-formed line whose
// version is merely unsupported earns 505; anything else is a malformed request (400).
bool has_well_formed_request_line(std::string_view head);

// RFC 9112 sections 6.1 and 6.3: Transfer-Encoding must be exactly one "chunked", never beside
// Content-Length, and never in HTTP/1.0. Anything else is answered 400 and the connection closed.
bool framing_is_unambiguous(std::vector<std::pair<std::string, std::string>> const& headers, unsigned http_minor);

// RFC 9112 section 3.2: an HTTP/1.1 request carries exactly one Host header.
bool host_is_valid(std::vector<std::pair<std::string, std::string>> const& headers, unsigned http_minor);

struct Target {
    std::string path; // percent-decoded
    std::string query; // raw, without '?'
};
// Splits an origin-form target ("/a%20b?x=1") and decodes its path. nullopt (400) when the path
// does not start with '/', holds a malformed escape, %00, or a "." / ".." segment.
std::optional<Target> parse_target(std::string_view target);

// GET, HEAD... exactly as sent (methods are case-sensitive); anything else is Method::Other.
Method method_from_name(std::string_view name);

// 16 lower-case hex characters from a per-thread generator seeded by the OS.
std::string make_request_id();

// The current time as an HTTP date (RFC 9110 section 5.6.7), computed at most once a second per thread.
std::string const& http_date_now();

enum class ConnectionHeader { None,
    KeepAlive,
    Close };

struct ResponseFrame {
    std::string_view request_id;
    std::string_view accept_encoding; // the request's, "" when unknown
    ConnectionHeader connection = ConnectionHeader::None;
};

// Adds what the server owns to a handler's response and returns the status line and headers
// (for HEAD the caller sends only these, so Content-Length is the GET body's, as RFC 9110 asks):
// security headers and gzip (when the handler did not decide), Date, Content-Length (none for
// 1xx, 204 and 304, whose body is dropped), X-Request-Id and Connection. Framing headers set
// by the handler and Server are dropped, and a header whose name or value could split the
// response (CR, LF, other control characters) is dropped and logged.
std::string finish_response(Response& response, ResponseFrame const& frame);

}
