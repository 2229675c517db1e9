#include "http/wire.h"

#include <gtest/gtest.h>
#include <set>
#include <thread>

namespace {

using Headers = std::vector<std::pair<std::string, std::string>>;

TEST(FindHeadEnd, FindsTheBlankLineAcrossCalls)
{
    std::string const head = "GET / HTTP/1.1\r\nHost: a\r\n\r\nBODY";
    EXPECT_EQ(http::find_head_end(head), head.size() - 4);
    EXPECT_EQ(http::find_head_end("GET / HTTP/1.1\r\nHost: a\r\n"), std::string_view::npos);
    // A later call may start near the end of what was already searched.
    EXPECT_EQ(http::find_head_end(head, 20), head.size() - 4);
}

TEST(HasObsFold, DetectsContinuationLines)
{
    EXPECT_FALSE(http::has_obs_fold("GET / HTTP/1.1\r\nHost: a\r\nX: b\r\n\r\n"));
    EXPECT_TRUE(http::has_obs_fold("GET / HTTP/1.1\r\nHost: a\r\nX: b\r\n c\r\n\r\n"));
    EXPECT_TRUE(http::has_obs_fold("GET / HTTP/1.1\r\nHost: a\r\nX: b\r\n\tc\r\n\r\n"));
    EXPECT_TRUE(http::has_obs_fold("GET / HTTP/1.1\r\n Host: a\r\n\r\n"));
}

TEST(FramingIsUnambiguous, RefusesSmugglingShapes)
{
    struct Case {
        std::string_view name;
        Headers headers;
        unsigned minor;
        bool expected;
    };
    Case const cases[] = {
        { "no body", { { "host", "a" } }, 1, true },
        { "content-length", { { "content-length", "5" } }, 1, true },
        { "chunked", { { "transfer-encoding", "chunked" } }, 1, true },
        { "Chunked with spaces", { { "transfer-encoding", " Chunked " } }, 1, true },
        { "both", { { "content-length", "5" }, { "transfer-encoding", "chunked" } }, 1, false },
        { "both, reversed", { { "transfer-encoding", "chunked" }, { "content-length", "5" } }, 1, false },
        { "not chunked", { { "transfer-encoding", "gzip" } }, 1, false },
        { "chunked not last", { { "transfer-encoding", "chunked, gzip" } }, 1, false },
        { "coding list", { { "transfer-encoding", "gzip, chunked" } }, 1, false },
        { "twice", { { "transfer-encoding", "chunked" }, { "transfer-encoding", "chunked" } }, 1, false },
        { "HTTP/1.0", { { "transfer-encoding", "chunked" } }, 0, false },
    };
    for (auto const& c : cases)
        EXPECT_EQ(http::framing_is_unambiguous(c.headers, c.minor), c.expected) << c.name;
}

TEST(HostIsValid, NeedsExactlyOneHostInHttp11)
{
    EXPECT_TRUE(http::host_is_valid({ { "host", "a" } }, 1));
    EXPECT_FALSE(http::host_is_valid({}, 1));
    EXPECT_FALSE(http::host_is_valid({ { "host", "a" }, { "host", "b" } }, 1));
    EXPECT_TRUE(http::host_is_valid({}, 0));
}

TEST(ParseTarget, DecodesThePathAndKeepsTheQueryRaw)
{
    struct Case {
        std::string_view target;
        std::optional<std::pair<std::string, std::string>> expected;
    };
    using Pair = std::pair<std::string, std::string>;
    Case const cases[] = {
        { "/", Pair { "/", "" } },
        { "/author/ada?x=1&y=%20", Pair { "/author/ada", "x=1&y=%20" } },
        { "/a%20b+c", Pair { "/a b+c", "" } },
        { "/caf%C3%A9/", Pair { "/caf\xC3\xA9/", "" } },
        { "/a?", Pair { "/a", "" } },
        { "/a#fragment", Pair { "/a", "" } },
        { "/a/...b/.c", Pair { "/a/...b/.c", "" } },
        { "", std::nullopt },
        { "*", std::nullopt },
        { "example.com:443", std::nullopt },
        { "http://example.com/", std::nullopt },
        { "/a%00b", std::nullopt },
        { "/a%zz", std::nullopt },
        { "/a%2", std::nullopt },
        { "/../etc/passwd", std::nullopt },
        { "/static/%2e%2e/secret", std::nullopt },
        { "/static/..%2fsecret", std::nullopt },
        { "/a/.", std::nullopt },
        { "/a/./b", std::nullopt },
    };
    for (auto const& c : cases) {
        auto const target = http::parse_target(c.target);
        ASSERT_EQ(target.has_value(), c.expected.has_value()) << c.target;
        if (target) {
            EXPECT_EQ(target->path, c.expected->first) << c.target;
            EXPECT_EQ(target->query, c.expected->second) << c.target;
        }
    }
}

TEST(MethodFromName, IsCaseSensitive)
{
    EXPECT_EQ(http::method_from_name("GET"), http::Method::Get);
    EXPECT_EQ(http::method_from_name("OPTIONS"), http::Method::Options);
    EXPECT_EQ(http::method_from_name("get"), http::Method::Other);
    EXPECT_EQ(http::method_from_name("TRACE"), http::Method::Other);
    EXPECT_EQ(http::method_from_name("CONNECT"), http::Method::Other);
}

TEST(MakeRequestId, GivesDistinctHexIdsOnEveryThread)
{
    std::set<std::string> ids;
    std::mutex mutex;
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&] {
            for (int i = 0; i < 500; ++i) {
                auto id = http::make_request_id();
                std::lock_guard lock(mutex);
                ids.insert(std::move(id));
            }
        });
    }
    for (auto& thread : threads)
        thread.join();
    EXPECT_EQ(ids.size(), 2000u);
    for (auto const& id : ids) {
        ASSERT_EQ(id.size(), 16u);
        ASSERT_EQ(id.find_first_not_of("0123456789abcdef"), std::string::npos) << id;
    }
}

TEST(HttpDate, LooksLikeRfc1123)
{
    auto const& date = http::http_date_now();
    ASSERT_EQ(date.size(), 29u) << date; // "Sun, 06 Nov 1994 08:49:37 GMT"
    EXPECT_TRUE(date.ends_with(" GMT")) << date;
}

std::string finish(http::Response& response, http::ConnectionHeader connection = http::ConnectionHeader::None, std::string_view accept_encoding = "")
{
    return http::finish_response(response, { "0123456789abcdef", accept_encoding, connection });
}

TEST(FinishResponse, AddsServerHeadersAndSerializes)
{
    auto response = http::Response::html("<p>hi</p>");
    auto const head = finish(response);
    EXPECT_TRUE(head.starts_with("HTTP/1.1 200 OK\r\n")) << head;
    EXPECT_TRUE(head.ends_with("\r\n\r\n"));
    EXPECT_NE(head.find("\r\nContent-Type: text/html; charset=utf-8\r\n"), std::string::npos) << head;
    EXPECT_NE(head.find("\r\nContent-Length: 9\r\n"), std::string::npos) << head;
    EXPECT_NE(head.find("\r\nX-Request-Id: 0123456789abcdef\r\n"), std::string::npos) << head;
    EXPECT_NE(head.find("\r\nDate: "), std::string::npos) << head;
    EXPECT_NE(head.find("\r\nContent-Security-Policy: default-src 'self';"), std::string::npos) << head;
    EXPECT_NE(head.find("\r\nX-Frame-Options: DENY\r\n"), std::string::npos) << head;
    EXPECT_EQ(head.find("Server:"), std::string::npos) << head;
    EXPECT_EQ(head.find("Connection:"), std::string::npos) << head;
}

TEST(FinishResponse, ServerOwnsFramingHeaders)
{
    auto response = http::Response::text("abc", "text/plain");
    response.headers.emplace_back("Content-Length", "999");
    response.headers.emplace_back("Transfer-Encoding", "chunked");
    response.headers.emplace_back("Server", "Tribune/0.1");
    auto const head = finish(response, http::ConnectionHeader::Close);
    EXPECT_NE(head.find("\r\nContent-Length: 3\r\n"), std::string::npos) << head;
    EXPECT_EQ(head.find("999"), std::string::npos) << head;
    EXPECT_EQ(head.find("Transfer-Encoding"), std::string::npos) << head;
    EXPECT_EQ(head.find("Server:"), std::string::npos) << head;
    EXPECT_NE(head.find("\r\nConnection: close\r\n"), std::string::npos) << head;
}

TEST(FinishResponse, DropsHeadersThatCouldSplitTheResponse)
{
    auto response = http::Response::redirect("/next\r\nSet-Cookie: evil=1");
    response.headers.emplace_back("Bad Name", "x");
    response.headers.emplace_back("X-Ok", "fine\tvalue");
    auto const head = finish(response);
    EXPECT_EQ(head.find("evil"), std::string::npos) << head;
    EXPECT_EQ(head.find("Bad Name"), std::string::npos) << head;
    EXPECT_NE(head.find("\r\nX-Ok: fine\tvalue\r\n"), std::string::npos) << head;
    EXPECT_TRUE(head.starts_with("HTTP/1.1 303 See Other\r\n")) << head;
}

TEST(FinishResponse, BodylessStatusesHaveNoContentLength)
{
    for (int status : { 204, 304 }) {
        http::Response response;
        response.status = status;
        response.body = "dropped";
        auto const head = finish(response);
        EXPECT_EQ(head.find("Content-Length"), std::string::npos) << status;
        EXPECT_TRUE(response.body.empty()) << status;
    }
}

TEST(FinishResponse, CompressesAndKeepsHttp10Alive)
{
    auto response = http::Response::text(std::string(4000, 'x'), "text/plain");
    auto const head = finish(response, http::ConnectionHeader::KeepAlive, "gzip");
    EXPECT_NE(head.find("\r\nContent-Encoding: gzip\r\n"), std::string::npos) << head;
    EXPECT_NE(head.find("\r\nContent-Length: " + std::to_string(response.body.size()) + "\r\n"), std::string::npos) << head;
    EXPECT_LT(response.body.size(), 4000u);
    EXPECT_NE(head.find("\r\nConnection: keep-alive\r\n"), std::string::npos) << head;
}

}

TEST(HasWellFormedRequestLine, TellsUnsupportedVersionsFromBrokenLines)
{
    struct Case {
        char const* head;
        bool well_formed;
    } const cases[] = {
        { "GET / HTTP/1.1\r\nHost: x\r\n\r\n", true },
        { "GET / HTTP/2.0\r\n\r\n", true },
        { "GET / HTTP/9.9\r\n\r\n", true },
        { "G T / HTTP/1.1\r\n\r\n", false },
        { "GET / HTTP/1.10\r\n\r\n", false },
        { "GET / HTTPS/1.1\r\n\r\n", false },
        { "GET /\r\n\r\n", false },
        { " / HTTP/1.1\r\n\r\n", false },
        { "GET  HTTP/1.1\r\n\r\n", false },
    };
    for (auto const& c : cases)
        EXPECT_EQ(http::has_well_formed_request_line(c.head), c.well_formed) << c.head;
}
