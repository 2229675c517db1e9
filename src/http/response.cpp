#include "http/response.h"

#include <algorithm>
#include <cctype>

namespace http {

namespace {

bool iequals(std::string_view a, std::string_view b)
{
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
        return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
    });
}

bool has_charset(std::string_view content_type)
{
    std::string lower(content_type);
    std::ranges::transform(lower, lower.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return lower.find("charset=") != std::string::npos;
}

}

void Response::set_header(std::string_view name, std::string value)
{
    auto const same_name = [&](auto const& header) { return iequals(header.first, name); };
    auto const first = std::ranges::find_if(headers, same_name);
    if (first == headers.end()) {
        headers.emplace_back(std::string(name), std::move(value));
        return;
    }
    first->second = std::move(value);
    // Drop later duplicates so "replaces" holds even when a handler pushed headers by hand.
    auto const rest = std::remove_if(std::next(first), headers.end(), same_name);
    headers.erase(rest, headers.end());
}

std::string_view Response::header(std::string_view name) const
{
    for (auto const& [header_name, value] : headers) {
        if (iequals(header_name, name))
            return value;
    }
    return {};
}

Response Response::html(std::string body, int status)
{
    Response response;
    response.status = status;
    response.headers.emplace_back("Content-Type", "text/html; charset=utf-8");
    response.body = std::move(body);
    return response;
}

Response Response::text(std::string body, std::string content_type, int status)
{
    // SECURITY.md 12: textual responses always declare their charset.
    if (content_type.starts_with("text/") && !has_charset(content_type))
        content_type += "; charset=utf-8";
    Response response;
    response.status = status;
    response.headers.emplace_back("Content-Type", std::move(content_type));
    response.body = std::move(body);
    return response;
}

Response Response::redirect(std::string location, int status)
{
    Response response;
    response.status = status;
    response.headers.emplace_back("Location", std::move(location));
    return response;
}

std::string_view status_reason(int status)
{
    switch (status) {
    case 100:
        return "Continue";
    case 101:
        return "Switching Protocols";
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 202:
        return "Accepted";
    case 204:
        return "No Content";
    case 206:
        return "Partial Content";
    case 301:
        return "Moved Permanently";
    case 302:
        return "Found";
    case 303:
        return "See Other";
    case 304:
        return "Not Modified";
    case 307:
        return "Temporary Redirect";
    case 308:
        return "Permanent Redirect";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 406:
        return "Not Acceptable";
    case 408:
        return "Request Timeout";
    case 409:
        return "Conflict";
    case 410:
        return "Gone";
    case 411:
        return "Length Required";
    case 412:
        return "Precondition Failed";
    case 413:
        return "Content Too Large";
    case 414:
        return "URI Too Long";
    case 415:
        return "Unsupported Media Type";
    case 416:
        return "Range Not Satisfiable";
    case 417:
        return "Expectation Failed";
    case 422:
        return "Unprocessable Content";
    case 428:
        return "Precondition Required";
    case 429:
        return "Too Many Requests";
    case 431:
        return "Request Header Fields Too Large";
    case 500:
        return "Internal Server Error";
    case 501:
        return "Not Implemented";
    case 502:
        return "Bad Gateway";
    case 503:
        return "Service Unavailable";
    case 504:
        return "Gateway Timeout";
    case 505:
        return "HTTP Version Not Supported";
    default:
        break;
    }
    return "Unknown";
}

}
