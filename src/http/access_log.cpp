#include "http/access_log.h"

#include <mutex>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

namespace http {

namespace {

// Length of the valid UTF-8 sequence at the start of text (RFC 3629 table), or 0 when invalid.
std::size_t utf8_sequence_length(std::string_view text)
{
    auto const byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
    auto const continuation = [&](std::size_t i) { return i < text.size() && (byte(i) & 0xC0) == 0x80; };
    unsigned char const lead = byte(0);
    if (lead >= 0xC2 && lead <= 0xDF)
        return continuation(1) ? 2 : 0;
    if (lead >= 0xE0 && lead <= 0xEF) {
        if (!continuation(1) || !continuation(2))
            return 0;
        // No overlong forms (E0 80..9F) and no UTF-16 surrogates (ED A0..BF).
        if ((lead == 0xE0 && byte(1) < 0xA0) || (lead == 0xED && byte(1) > 0x9F))
            return 0;
        return 3;
    }
    if (lead >= 0xF0 && lead <= 0xF4) {
        if (!continuation(1) || !continuation(2) || !continuation(3))
            return 0;
        if ((lead == 0xF0 && byte(1) < 0x90) || (lead == 0xF4 && byte(1) > 0x8F))
            return 0;
        return 4;
    }
    return 0;
}

// Looked up per line rather than cached, so a program or test may register its own "access"
// logger at any time; the lock only guards creation against two first requests at once.
std::shared_ptr<spdlog::logger> access_logger()
{
    if (auto existing = spdlog::get("access"))
        return existing;
    static std::mutex mutex;
    std::lock_guard lock(mutex);
    if (auto existing = spdlog::get("access"))
        return existing;
    auto logger = spdlog::stdout_logger_mt("access");
    logger->set_pattern("%v");
    return logger;
}

}

void append_json_string(std::string& out, std::string_view text)
{
    static constexpr char hex[] = "0123456789abcdef";
    out += '"';
    while (!text.empty()) {
        auto const c = static_cast<unsigned char>(text[0]);
        if (c >= 0x80) {
            auto const length = utf8_sequence_length(text);
            if (length == 0) {
                out += "\\ufffd";
                text.remove_prefix(1);
            } else {
                out.append(text.substr(0, length));
                text.remove_prefix(length);
            }
            continue;
        }
        if (c == '"' || c == '\\') {
            out += '\\';
            out += static_cast<char>(c);
        } else if (c < 0x20 || c == 0x7F) {
            out += "\\u00";
            out += hex[c >> 4];
            out += hex[c & 0x0F];
        } else {
            out += static_cast<char>(c);
        }
        text.remove_prefix(1);
    }
    out += '"';
}

std::string json_quote(std::string_view text)
{
    std::string out;
    append_json_string(out, text);
    return out;
}

std::string format_access_line(AccessRecord const& record)
{
    std::string line;
    line.reserve(128 + record.path.size());
    line += "{\"id\":";
    append_json_string(line, record.id);
    line += ",\"method\":";
    append_json_string(line, record.method);
    line += ",\"path\":";
    append_json_string(line, record.path);
    line += ",\"status\":" + std::to_string(record.status);
    line += ",\"bytes\":" + std::to_string(record.bytes);
    line += ",\"micros\":" + std::to_string(record.micros);
    line += ",\"remote\":";
    append_json_string(line, record.remote);
    line += '}';
    return line;
}

void log_access(AccessRecord const& record)
{
    access_logger()->info("{}", format_access_line(record));
}

}
