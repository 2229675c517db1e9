// Maps method + path to a handler. Patterns are literal segments and typed parameters,
// e.g. "/author/{username}", "/page/{n:int}", "/{year:int}/{month:int}/{slug}"; matching
// walks segments without regular expressions. Paths are matched after percent-decoding.
// - `{name}` matches one non-empty segment other than "." and ".."; `{name:int}` matches 1 to 18
//   ASCII digits (so it always fits an int64), anything else falls through to other routes.
// - A trailing slash is ignored: "/author/ada/" matches "/author/{username}" (no redirect, so a
//   form posted to either URL keeps its body; pages name their canonical URL instead).
// - When several routes match, the most specific wins, segment by segment from the left:
//   literal before int before text ("/page/new" beats "/page/{n:int}" beats "/page/{slug}").
// - GET routes answer HEAD unless an explicit HEAD route exists; Method::Other matches nothing.
// Built once at start-up, then only read: match() is safe from any number of threads.
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
struct NoRoute { }; // 404
struct MethodNotAllowed {
    std::string allow;
}; // 405, e.g. "GET, HEAD"

using RouteResult = std::variant<RouteMatch, NoRoute, MethodNotAllowed>;

class Router {
public:
    // Adds a route. HEAD is answered by every GET route. Throws std::invalid_argument on a malformed pattern.
    void add(Method method, std::string_view pattern, Handler handler);
    void get(std::string_view pattern, Handler handler) { add(Method::Get, pattern, std::move(handler)); }
    void post(std::string_view pattern, Handler handler) { add(Method::Post, pattern, std::move(handler)); }

    // The handler for method + decoded path, or why none: NoRoute (404), or MethodNotAllowed with
    // every method the path answers ("GET, HEAD, POST"; GET implies HEAD) for the Allow header.
    RouteResult match(Method method, std::string_view path) const;

private:
    struct Segment {
        enum class Kind { Literal,
            Text,
            Integer } kind;
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
