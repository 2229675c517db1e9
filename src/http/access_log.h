// One JSON line per request on the "access" spdlog logger (stdout unless the program registered
// its own "access" logger first). Values are JSON-escaped, control characters as \u00XX and
// invalid UTF-8 as U+FFFD, so a hostile path cannot forge or split lines (SECURITY.md 16).
// The path is logged without its query string, which may carry tokens. Safe on any thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace http {

struct AccessRecord {
    std::string_view id;
    std::string_view method;
    std::string_view path;
    int status = 0;
    std::size_t bytes = 0; // body bytes sent, after compression
    std::int64_t micros = 0;
    std::string_view remote;
};

// Appends text as a JSON string literal, quotes included.
void append_json_string(std::string& out, std::string_view text);

// text as a JSON string literal: for any outside value that goes into a log line.
std::string json_quote(std::string_view text);

// {"id":"…","method":"GET","path":"/","status":200,"bytes":12,"micros":80,"remote":"127.0.0.1"}
std::string format_access_line(AccessRecord const& record);

// Writes the record to the "access" logger, creating it on first use.
void log_access(AccessRecord const& record);

}
