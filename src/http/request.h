// An HTTP request as handlers see it: parsed, size-checked and free of Beast types, so
// only src/http/server.cpp compiles Beast. Header names are stored lower-case.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace http {

enum class Method { Get,
    Head,
    Post,
    Put,
    Patch,
    Delete,
    Options,
    Other };

std::string_view method_name(Method method);

struct Request {
    Method method = Method::Get;
    std::string target; // as sent: path and query, percent-encoded
    std::string path; // percent-decoded path, without the query
    std::string query; // raw query string, without '?'
    std::vector<std::pair<std::string, std::string>> headers; // names lower-case
    std::string body;
    std::string remote_address;
    std::string request_id;
    std::vector<std::pair<std::string, std::string>> params; // filled by the router

    // The first header of that (lower-case) name, or "" when absent.
    std::string_view header(std::string_view lower_case_name) const;
    // A path parameter captured by the router ("" when the route has none of that name).
    std::string_view param(std::string_view name) const;
    // A decoded query-string parameter (application/x-www-form-urlencoded rules).
    std::optional<std::string> query_param(std::string_view name) const;
};

}
