#include "http/router.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <gtest/gtest.h>
#include <stdexcept>

namespace {

using http::Method;
using Params = std::vector<std::pair<std::string, std::string>>;

// Each handler answers its own name, so a test can tell which route matched.
http::Handler named(std::string name)
{
    return [name = std::move(name)](http::Request const&) -> boost::asio::awaitable<http::Response> {
        co_return http::Response::text(name, "text/plain");
    };
}

class RouterTest : public ::testing::Test {
protected:
    RouterTest()
    {
        add(Method::Get, "/", "front");
        add(Method::Get, "/author/{username}", "author");
        add(Method::Get, "/page/{n:int}", "page-number");
        add(Method::Get, "/page/{slug}", "page-slug");
        add(Method::Get, "/page/new", "page-new");
        add(Method::Get, "/{year:int}/{month:int}/{slug}", "article");
        add(Method::Post, "/articles/{slug}/comments", "create-comment");
        add(Method::Get, "/articles/{slug}/comments", "list-comments");
        add(Method::Delete, "/articles/{slug}/comments", "delete-comments");
        add(Method::Post, "/sign-in", "sign-in");
        add(Method::Get, "/explicit-head", "get-explicit");
        add(Method::Head, "/explicit-head", "head-explicit");
    }

    void add(Method method, std::string_view pattern, std::string name)
    {
        m_router.add(method, pattern, named(std::move(name)));
    }

    // The name of the route that matched, "404", or "405 <allow>".
    std::string which(Method method, std::string_view path, Params* params = nullptr) const
    {
        auto result = m_router.match(method, path);
        if (std::holds_alternative<http::NoRoute>(result))
            return "404";
        if (auto const* refusal = std::get_if<http::MethodNotAllowed>(&result))
            return "405 " + refusal->allow;
        auto const& found = std::get<http::RouteMatch>(result);
        if (params)
            *params = found.params;
        // Runs the handler to learn its name: the awaitable is a coroutine that never suspends.
        auto response = run(*found.handler);
        return response.body;
    }

    static http::Response run(http::Handler const& handler)
    {
        boost::asio::io_context io;
        http::Response response;
        http::Request request;
        boost::asio::co_spawn(io, handler(request), [&](std::exception_ptr, http::Response result) { response = std::move(result); });
        io.run();
        return response;
    }

    http::Router m_router;
};

TEST_F(RouterTest, MatchesPatterns)
{
    struct Case {
        Method method;
        std::string_view path;
        std::string expected;
    };
    Case const cases[] = {
        { Method::Get, "/", "front" },
        { Method::Get, "/author/ada", "author" },
        { Method::Get, "/author/ada/", "author" }, // trailing slash ignored
        { Method::Get, "/author/", "404" }, // a text parameter is never empty
        { Method::Get, "/author", "404" },
        { Method::Get, "/author/ada/extra", "404" },
        { Method::Get, "/author//", "404" },
        { Method::Get, "/author/..", "404" },
        { Method::Get, "/page/12", "page-number" },
        { Method::Get, "/page/12a", "page-slug" }, // not all digits: falls through to text
        { Method::Get, "/page/new", "page-new" }, // literal beats both parameters
        { Method::Get, "/page/1234567890123456789", "page-slug" }, // 19 digits do not fit int64
        { Method::Get, "/2024/05/hello", "article" },
        { Method::Get, "/2024/may/hello", "404" },
        { Method::Get, "/-1/05/hello", "404" },
        { Method::Get, "/nowhere", "404" },
        { Method::Get, "relative", "404" },
        { Method::Get, "", "404" },
        { Method::Post, "/articles/x/comments", "create-comment" },
        { Method::Get, "/articles/x/comments/", "list-comments" },
    };
    for (auto const& c : cases)
        EXPECT_EQ(which(c.method, c.path), c.expected) << http::method_name(c.method) << " " << c.path;
}

TEST_F(RouterTest, CapturesParameters)
{
    Params params;
    EXPECT_EQ(which(Method::Get, "/2024/05/hello world", &params), "article");
    EXPECT_EQ(params, (Params { { "year", "2024" }, { "month", "05" }, { "slug", "hello world" } }));
    EXPECT_EQ(which(Method::Get, "/author/ada/", &params), "author");
    EXPECT_EQ(params, (Params { { "username", "ada" } }));
    EXPECT_EQ(which(Method::Get, "/page/new", &params), "page-new");
    EXPECT_TRUE(params.empty());
}

TEST_F(RouterTest, HeadIsAnsweredByGetUnlessAHeadRouteExists)
{
    EXPECT_EQ(which(Method::Head, "/author/ada"), "author");
    EXPECT_EQ(which(Method::Head, "/explicit-head"), "head-explicit");
    EXPECT_EQ(which(Method::Get, "/explicit-head"), "get-explicit");
    EXPECT_EQ(which(Method::Head, "/sign-in"), "405 POST");
}

TEST_F(RouterTest, MethodNotAllowedListsEveryAllowedMethod)
{
    EXPECT_EQ(which(Method::Post, "/"), "405 GET, HEAD");
    EXPECT_EQ(which(Method::Get, "/sign-in"), "405 POST");
    EXPECT_EQ(which(Method::Put, "/articles/x/comments"), "405 GET, HEAD, POST, DELETE");
    EXPECT_EQ(which(Method::Other, "/"), "405 GET, HEAD"); // TRACE and unknown methods
    EXPECT_EQ(which(Method::Other, "/nowhere"), "404");
}

TEST(Router, RefusesMalformedPatterns)
{
    http::Router router;
    auto const handler = named("x");
    for (std::string_view pattern : { "", "relative", "/a//b", "/{}", "/{name", "/a{b}", "/{n:float}", "/{x}/{x}", "/..", "/a/./b" })
        EXPECT_THROW(router.add(Method::Get, pattern, handler), std::invalid_argument) << pattern;
    EXPECT_THROW(router.add(Method::Other, "/", handler), std::invalid_argument);
    EXPECT_NO_THROW(router.add(Method::Get, "/ok/{id:int}/", handler));
    EXPECT_TRUE(std::holds_alternative<http::RouteMatch>(router.match(Method::Get, "/ok/7")));
}

}
