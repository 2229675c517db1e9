#include "http/dispatch.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <gtest/gtest.h>
#include <stdexcept>

namespace {

namespace asio = boost::asio;
using http::Request;
using http::Response;

class DispatchTest : public ::testing::Test {
protected:
    DispatchTest()
    {
        m_router.get("/author/{username}", [](Request const& request) -> asio::awaitable<Response> {
            co_return Response::text("author " + std::string(request.param("username")), "text/plain");
        });
        m_router.post("/fail", [](Request const&) -> asio::awaitable<Response> {
            throw std::runtime_error("database went away");
            co_return Response::html("never");
        });
    }

    Response dispatch(http::Method method, std::string path, http::ErrorPageRenderer const& pages)
    {
        m_request.method = method;
        m_request.path = std::move(path);
        m_request.request_id = "00000000000000aa";
        asio::io_context io;
        std::optional<Response> response;
        asio::co_spawn(io, http::dispatch(m_router, pages, m_request), [&](std::exception_ptr error, Response result) {
            EXPECT_FALSE(error) << "dispatch must not throw";
            response = std::move(result);
        });
        io.run();
        return response.value_or(Response {});
    }

    static Response page(int status, Request const* request)
    {
        return Response::text("page " + std::to_string(status) + " for " + (request ? request->request_id : "none"), "text/plain", status);
    }

    http::Router m_router;
    Request m_request;
};

TEST_F(DispatchTest, RunsTheHandlerWithItsParameters)
{
    auto const response = dispatch(http::Method::Get, "/author/ada", page);
    EXPECT_EQ(response.status, 200);
    EXPECT_EQ(response.body, "author ada");
    EXPECT_EQ(m_request.param("username"), "ada");
}

TEST_F(DispatchTest, AnswersErrorPagesForMissingRoutesAndMethods)
{
    auto const missing = dispatch(http::Method::Get, "/nowhere", page);
    EXPECT_EQ(missing.status, 404);
    EXPECT_EQ(missing.body, "page 404 for 00000000000000aa");
    auto const refused = dispatch(http::Method::Post, "/author/ada", page);
    EXPECT_EQ(refused.status, 405);
    EXPECT_EQ(refused.header("Allow"), "GET, HEAD");
}

TEST_F(DispatchTest, AHandlerExceptionBecomesA500Page)
{
    auto const failed = dispatch(http::Method::Post, "/fail", page);
    EXPECT_EQ(failed.status, 500);
    EXPECT_EQ(failed.body, "page 500 for 00000000000000aa");
}

TEST_F(DispatchTest, FallsBackToPlainTextWhenTheRendererFails)
{
    auto const throwing = [](int, Request const*) -> Response { throw std::runtime_error("theme missing"); };
    auto const failed = dispatch(http::Method::Post, "/fail", throwing);
    EXPECT_EQ(failed.status, 500);
    EXPECT_EQ(failed.body, "500 Internal Server Error\n");
    EXPECT_EQ(failed.header("Content-Type"), "text/plain; charset=utf-8");
    auto const missing = dispatch(http::Method::Get, "/nowhere", {});
    EXPECT_EQ(missing.status, 404);
}

}
