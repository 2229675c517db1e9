#include "http/wire.h"

#include "core/clock.h"
#include "http/access_log.h"
#include "http/compression.h"
#include "http/form.h"
#include "http/security_headers.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <random>
#include <spdlog/spdlog.h>

namespace http {

namespace {

std::string lower(std::string_view text)
{
    std::string out(text);
    std::ranges::transform(out, out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

std::string_view trim(std::string_view text)
{
    auto const first = text.find_first_not_of(" \t");
    if (first == std::string_view::npos)
        return {};
    return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

std::size_t count_headers(std::vector<std::pair<std::string, std::string>> const& headers, std::string_view name)
{
    return static_cast<std::size_t>(std::ranges::count_if(headers, [&](auto const& header) { return header.first == name; }));
}

// RFC 9110 section 5.6.2: tchar.
bool is_token(std::string_view text)
{
    return !text.empty() && std::ranges::all_of(text, [](char c) {
        auto const u = static_cast<unsigned char>(c);
        return std::isalnum(u) || std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
    });
}

// RFC 9110 section 5.5: field values hold visible characters, SP, HTAB and obs-text; never CR, LF or NUL.
bool is_field_value(std::string_view text)
{
    return std::ranges::none_of(text, [](char c) {
        auto const u = static_cast<unsigned char>(c);
        return (u < 0x20 && u != '\t') || u == 0x7F;
    });
}

// Headers whose meaning belongs to the connection, not to the handler.
bool is_server_owned(std::string_view lower_name)
{
    static constexpr std::array<std::string_view, 7> owned {
        "content-length",
        "transfer-encoding",
        "connection",
        "keep-alive",
        "date",
        "server",
        "x-request-id",
    };
    return std::ranges::find(owned, lower_name) != owned.end();
}

bool is_bodyless_status(int status)
{
    return (status >= 100 && status < 200) || status == 204 || status == 304;
}

}

std::size_t find_head_end(std::string_view buffered, std::size_t searched)
{
    auto const at = buffered.find("\r\n\r\n", searched);
    return at == std::string_view::npos ? std::string_view::npos : at + 4;
}

bool has_obs_fold(std::string_view head)
{
    for (auto at = head.find('\n'); at != std::string_view::npos && at + 1 < head.size(); at = head.find('\n', at + 1)) {
        if (head[at + 1] == ' ' || head[at + 1] == '\t')
            return true;
    }
    return false;
}

bool framing_is_unambiguous(std::vector<std::pair<std::string, std::string>> const& headers, unsigned http_minor)
{
    auto const transfer_encodings = count_headers(headers, "transfer-encoding");
    if (transfer_encodings == 0)
        return true;
    if (transfer_encodings > 1 || http_minor == 0 || count_headers(headers, "content-length") > 0)
        return false;
    auto const found = std::ranges::find_if(headers, [](auto const& header) { return header.first == "transfer-encoding"; });
    return lower(trim(found->second)) == "chunked";
}

bool host_is_valid(std::vector<std::pair<std::string, std::string>> const& headers, unsigned http_minor)
{
    auto const hosts = count_headers(headers, "host");
    return http_minor == 0 ? hosts <= 1 : hosts == 1;
}

std::optional<Target> parse_target(std::string_view target)
{
    target = target.substr(0, target.find('#'));
    auto const question = target.find('?');
    auto const raw_path = target.substr(0, question);
    if (!raw_path.starts_with('/'))
        return std::nullopt;
    auto path = percent_decode(raw_path, Plus::Literal);
    if (!path || path->find('\0') != std::string::npos)
        return std::nullopt;
    // Checked after decoding, so "/%2e%2e/" is caught as well as "/../".
    for (std::size_t start = 1; start <= path->size();) {
        auto const end = std::min(path->find('/', start), path->size());
        auto const segment = std::string_view(*path).substr(start, end - start);
        if (segment == "." || segment == "..")
            return std::nullopt;
        start = end + 1;
    }
    Target result { std::move(*path), {} };
    if (question != std::string_view::npos)
        result.query = std::string(target.substr(question + 1));
    return result;
}

Method method_from_name(std::string_view name)
{
    static constexpr std::array methods { Method::Get, Method::Head, Method::Post, Method::Put, Method::Patch, Method::Delete, Method::Options };
    for (auto const method : methods) {
        if (method_name(method) == name)
            return method;
    }
    return Method::Other;
}

std::string make_request_id()
{
    // Ids only tell log lines apart; they are not secrets, so a seeded PRNG per thread is enough.
    thread_local std::mt19937_64 generator { [] {
        std::random_device device;
        return (std::uint64_t { device() } << 32) | device();
    }() };
    static constexpr char hex[] = "0123456789abcdef";
    auto value = generator();
    std::string id(16, '0');
    for (auto& c : id) {
        c = hex[value & 0x0F];
        value >>= 4;
    }
    return id;
}

std::string const& http_date_now()
{
    thread_local core::UnixTime cached_second = -1;
    thread_local std::string cached;
    auto const now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    if (now != cached_second) {
        cached = core::format_rfc1123(now);
        cached_second = now;
    }
    return cached;
}

std::string finish_response(Response& response, ResponseFrame const& frame)
{
    std::erase_if(response.headers, [](auto const& header) { return is_server_owned(lower(header.first)); });
    apply_security_headers(response);
    if (is_bodyless_status(response.status))
        response.body.clear();
    else
        compress_response(response, frame.accept_encoding);

    std::string head;
    head.reserve(512 + 64 * response.headers.size());
    head += "HTTP/1.1 ";
    head += std::to_string(response.status);
    head += ' ';
    head += status_reason(response.status);
    head += "\r\n";
    auto const add = [&](std::string_view name, std::string_view value) {
        head += name;
        head += ": ";
        head += value;
        head += "\r\n";
    };
    for (auto const& [name, value] : response.headers) {
        if (!is_token(name) || !is_field_value(value)) {
            spdlog::error("request {}: dropped response header {} with characters that could split the response",
                frame.request_id, json_quote(name));
            continue;
        }
        add(name, value);
    }
    add("Date", http_date_now());
    if (!is_bodyless_status(response.status))
        add("Content-Length", std::to_string(response.body.size()));
    add("X-Request-Id", frame.request_id);
    if (frame.connection == ConnectionHeader::KeepAlive)
        add("Connection", "keep-alive");
    else if (frame.connection == ConnectionHeader::Close)
        add("Connection", "close");
    head += "\r\n";
    return head;
}

bool has_well_formed_request_line(std::string_view head)
{
    auto const line = head.substr(0, head.find("\r\n"));
    auto const first_space = line.find(' ');
    auto const last_space = line.rfind(' ');
    if (first_space == std::string_view::npos || first_space == 0 || last_space == first_space || last_space == first_space + 1)
        return false;
    auto const target = line.substr(first_space + 1, last_space - first_space - 1);
    if (target.find(' ') != std::string_view::npos)
        return false;
    // RFC 9112 section 2.3: HTTP-version = "HTTP/" DIGIT "." DIGIT
    auto const version = line.substr(last_space + 1);
    auto const digit = [](char c) { return c >= '0' && c <= '9'; };
    return version.size() == 8 && version.starts_with("HTTP/") && digit(version[5]) && version[6] == '.' && digit(version[7]);
}

}
