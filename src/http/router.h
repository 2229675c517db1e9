// Maps method + path to a handler. Patterns are literal segments and typed parameters,
// e.g. "/author/{username}", "/page/{n:int}", "/{year:int}/{month:int}/{slug}"; matching
// walks segments without regular expressions. Paths are matched after percent-decoding.
#pragma once

#include "http/request.h"
#include "http/response.h"

#include <boost/asio/awaitable.hpp>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace http {

using Handler = std::function<boost::asio::awaitable<Response>(Request const&)>;

struct RouteMatch {
    Handler const* handler;
    std::vector<std::pair<std::string, std::string>> params;
};
struct NoRoute { };                           // 404
struct MethodNotAllowed { std::string allow; }; // 405, e.g. "GET, HEAD"

using RouteResult = std::variant<RouteMatch, NoRoute, MethodNotAllowed>;

class Router {
public:
    // Adds a route. HEAD is answered by every GET route. Throws std::invalid_argument on a malformed pattern.
    void add(Method method, std::string_view pattern, Handler handler);
    void get(std::string_view pattern, Handler handler) { add(Method::Get, pattern, std::move(handler)); }
    void post(std::string_view pattern, Handler handler) { add(Method::Post, pattern, std::move(handler)); }

    RouteResult match(Method method, std::string_view path) const;

private:
    struct Segment {
        enum class Kind { Literal, Text, Integer } kind;
        std::string text; // literal text, or the parameter name
    };
    struct Route {
        Method method;
        std::vector<Segment> segments;
        Handler handler;
    };
    std::vector<Route> m_routes;
};

}
