#include "http/server.h"

#include <arpa/inet.h>
#include <atomic>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <cerrno>
#include <csignal>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdexcept>
#include <sys/socket.h>
#include <system_error>
#include <thread>
#include <unistd.h>
#include <zlib.h>

// Drives a real Server over loopback with plain blocking sockets. The machine may be loaded
// (2 cores, sanitizers, other builds), so waits are generous and time is only ever checked as
// "finished within several seconds".
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;

// Upper bound for anything that should happen "promptly".
constexpr auto generous = 15s;
// Far more than loopback socket buffers hold, so a client that stops reading stalls the write.
constexpr std::size_t huge_bytes = 32 * 1024 * 1024;

struct TestResponse {
    int status = 0;
    std::vector<std::pair<std::string, std::string>> headers; // names lower-case
    std::string body;

    std::string header(std::string_view name) const
    {
        for (auto const& [key, value] : headers) {
            if (key == name)
                return value;
        }
        return "<absent>";
    }
    bool has(std::string_view name) const { return header(name) != "<absent>"; }
};

class TestClient {
public:
    explicit TestClient(std::uint16_t port)
        : m_fd(::socket(AF_INET, SOCK_STREAM, 0))
    {
        if (m_fd < 0)
            throw std::system_error(errno, std::system_category(), "socket");
        timeval timeout { std::chrono::duration_cast<std::chrono::seconds>(generous).count(), 0 };
        ::setsockopt(m_fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
        ::setsockopt(m_fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
        sockaddr_in address {};
        address.sin_family = AF_INET;
        address.sin_port = htons(port);
        ::inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
        if (::connect(m_fd, reinterpret_cast<sockaddr const*>(&address), sizeof address) != 0)
            throw std::system_error(errno, std::system_category(), "connect");
    }
    TestClient(TestClient const&) = delete;
    TestClient& operator=(TestClient const&) = delete;
    ~TestClient() { ::close(m_fd); }

    // False when the server has closed the connection.
    bool send(std::string_view bytes)
    {
        while (!bytes.empty()) {
            auto const sent = ::send(m_fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
            if (sent <= 0)
                return false;
            bytes.remove_prefix(static_cast<std::size_t>(sent));
        }
        return true;
    }

    // One response: the head, then Content-Length bytes of body unless head_only.
    std::optional<TestResponse> read_response(bool head_only = false)
    {
        std::size_t end;
        while ((end = m_pending.find("\r\n\r\n")) == std::string::npos) {
            if (!fill())
                return std::nullopt;
        }
        auto const head = m_pending.substr(0, end + 2);
        m_pending.erase(0, end + 4);
        TestResponse response;
        auto line_end = head.find("\r\n");
        auto const status_line = head.substr(0, line_end);
        if (!status_line.starts_with("HTTP/1.1 ") || status_line.size() < 12)
            return std::nullopt;
        response.status = std::stoi(status_line.substr(9, 3));
        for (auto start = line_end + 2; start < head.size(); start = line_end + 2) {
            line_end = head.find("\r\n", start);
            auto const line = head.substr(start, line_end - start);
            auto const colon = line.find(':');
            std::string name = line.substr(0, colon);
            for (auto& c : name)
                c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            response.headers.emplace_back(name, line.substr(line.find_first_not_of(' ', colon + 1)));
        }
        if (head_only || !response.has("content-length"))
            return response;
        auto const length = std::stoul(response.header("content-length"));
        while (m_pending.size() < length) {
            if (!fill())
                return std::nullopt;
        }
        response.body = m_pending.substr(0, length);
        m_pending.erase(0, length);
        return response;
    }

    // True when the server closes the connection (EOF or reset) within the limit.
    bool closed_within(std::chrono::milliseconds limit)
    {
        auto const deadline = std::chrono::steady_clock::now() + limit;
        while (std::chrono::steady_clock::now() < deadline) {
            pollfd descriptor { m_fd, POLLIN, 0 };
            auto const left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
            if (::poll(&descriptor, 1, static_cast<int>(std::max<long>(left.count(), 1))) <= 0)
                continue;
            char buffer[4096];
            auto const received = ::recv(m_fd, buffer, sizeof buffer, 0);
            if (received <= 0)
                return true;
        }
        return false;
    }

    // Reads until the server closes; returns the bytes received (including any already buffered),
    // or nullopt when the connection is still open after the limit.
    std::optional<std::size_t> bytes_until_closed(std::chrono::milliseconds limit)
    {
        std::size_t total = m_pending.size();
        m_pending.clear();
        auto const deadline = std::chrono::steady_clock::now() + limit;
        while (std::chrono::steady_clock::now() < deadline) {
            char buffer[64 * 1024];
            auto const received = ::recv(m_fd, buffer, sizeof buffer, 0);
            if (received == 0 || (received < 0 && errno != EAGAIN && errno != EWOULDBLOCK))
                return total;
            if (received > 0)
                total += static_cast<std::size_t>(received);
        }
        return std::nullopt;
    }

private:
    bool fill()
    {
        char buffer[16 * 1024];
        auto const received = ::recv(m_fd, buffer, sizeof buffer, 0);
        if (received <= 0)
            return false;
        m_pending.append(buffer, static_cast<std::size_t>(received));
        return true;
    }

    int m_fd;
    std::string m_pending;
};

std::string get(std::string_view path, std::string_view extra_headers = "")
{
    return "GET " + std::string(path) + " HTTP/1.1\r\nHost: test\r\n" + std::string(extra_headers) + "\r\n";
}

std::string big_text()
{
    std::string text;
    for (int i = 0; i < 100; ++i)
        text += "Line " + std::to_string(i) + ": the quick brown fox jumps over the lazy dog.\n";
    return text;
}

std::string gunzip(std::string_view compressed)
{
    z_stream stream {};
    inflateInit2(&stream, 15 + 16);
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
    stream.avail_in = static_cast<uInt>(compressed.size());
    std::string out(1 << 20, '\0');
    stream.next_out = reinterpret_cast<Bytef*>(out.data());
    stream.avail_out = static_cast<uInt>(out.size());
    int const result = inflate(&stream, Z_FINISH);
    out.resize(stream.total_out);
    inflateEnd(&stream);
    return result == Z_STREAM_END ? out : "<not gzip>";
}

class ServerTest : public ::testing::Test {
protected:
    ServerTest()
    {
        using http::Request;
        using http::Response;
        m_router.get("/", [](Request const&) -> asio::awaitable<Response> { co_return Response::html("hello"); });
        m_router.get("/big", [](Request const&) -> asio::awaitable<Response> { co_return Response::text(big_text(), "text/plain"); });
        m_router.get("/author/{username}", [](Request const& request) -> asio::awaitable<Response> {
            co_return Response::text("author " + std::string(request.param("username")), "text/plain");
        });
        m_router.get("/query", [](Request const& request) -> asio::awaitable<Response> {
            co_return Response::text(request.query_param("q").value_or("<none>"), "text/plain");
        });
        m_router.post("/echo", [](Request const& request) -> asio::awaitable<Response> { co_return Response::text(request.body, "text/plain"); });
        m_router.get("/throw", [](Request const&) -> asio::awaitable<Response> {
            throw std::runtime_error("handler failed\r\nforged log line");
            co_return Response::html("never");
        });
        m_router.get("/huge", [](Request const&) -> asio::awaitable<Response> { co_return Response::text(std::string(huge_bytes, 'h'), "text/plain"); });
        m_router.get("/hang", [this](Request const&) -> asio::awaitable<Response> {
            m_hang_started = true;
            asio::steady_timer timer(co_await asio::this_coro::executor);
            timer.expires_after(std::chrono::hours(1));
            co_await timer.async_wait(asio::use_awaitable);
            co_return Response::text("woke up", "text/plain");
        });
        m_router.get("/slow", [this](Request const&) -> asio::awaitable<Response> {
            m_slow_started = true;
            asio::steady_timer timer(co_await asio::this_coro::executor);
            timer.expires_after(300ms);
            co_await timer.async_wait(asio::use_awaitable);
            co_return Response::text("slow done", "text/plain");
        });
    }

    ~ServerTest() override
    {
        if (m_thread.joinable()) {
            m_server->stop();
            m_thread.join();
        }
    }

    static http::ServerLimits test_limits()
    {
        http::ServerLimits limits;
        limits.body_bytes = 64 * 1024;
        limits.shutdown_grace = 30s; // longer than any test waits, so a prompt stop proves draining worked
        return limits;
    }

    void start(http::ServerLimits limits = test_limits())
    {
        http::ServerOptions options;
        options.host = "127.0.0.1";
        options.port = 0;
        options.threads = 2;
        options.limits = limits;
        m_server = std::make_unique<http::Server>(options, m_router, [](int status, http::Request const* request) {
            auto response = http::Response::text("error page " + std::to_string(status), "text/plain", status);
            if (request)
                response.set_header("X-Error-For", request->request_id);
            return response;
        });
        m_server->listen();
        m_thread = std::thread([this] {
            m_server->run();
            m_finished = true;
        });
    }

    std::uint16_t port() const { return m_server->port(); }

    // Calls stop() and waits for run() to return.
    bool stop_within(std::chrono::milliseconds limit)
    {
        m_server->stop();
        return eventually([&] { return m_finished.load(); }, limit);
    }

    static bool eventually(std::function<bool()> const& condition, std::chrono::milliseconds limit = generous)
    {
        auto const deadline = std::chrono::steady_clock::now() + limit;
        while (!condition()) {
            if (std::chrono::steady_clock::now() > deadline)
                return false;
            std::this_thread::sleep_for(20ms);
        }
        return true;
    }

    // Sends raw bytes on a fresh connection and returns the answer.
    std::optional<TestResponse> exchange(std::string_view raw)
    {
        TestClient client(port());
        client.send(raw);
        return client.read_response();
    }

    http::Router m_router;
    std::unique_ptr<http::Server> m_server;
    std::thread m_thread;
    std::atomic<bool> m_finished { false };
    std::atomic<bool> m_slow_started { false };
    std::atomic<bool> m_hang_started { false };
};

TEST_F(ServerTest, KeepsTheConnectionAliveAcrossRequests)
{
    start();
    TestClient client(port());
    for (int i = 0; i < 2; ++i) {
        ASSERT_TRUE(client.send(get("/")));
        auto const response = client.read_response();
        ASSERT_TRUE(response) << "request " << i;
        EXPECT_EQ(response->status, 200);
        EXPECT_EQ(response->body, "hello");
        EXPECT_EQ(response->header("content-type"), "text/html; charset=utf-8");
        EXPECT_EQ(response->header("content-length"), "5");
        EXPECT_FALSE(response->has("connection"));
    }
}

TEST_F(ServerTest, EveryResponseCarriesServerAndSecurityHeaders)
{
    start();
    for (auto const* path : { "/", "/nowhere" }) {
        auto const response = exchange(get(path));
        ASSERT_TRUE(response) << path;
        EXPECT_TRUE(response->has("date")) << path;
        EXPECT_FALSE(response->has("server")) << path;
        auto const id = response->header("x-request-id");
        EXPECT_EQ(id.size(), 16u) << path;
        EXPECT_EQ(id.find_first_not_of("0123456789abcdef"), std::string::npos) << id;
        EXPECT_EQ(response->header("x-content-type-options"), "nosniff") << path;
        EXPECT_EQ(response->header("x-frame-options"), "DENY") << path;
        EXPECT_EQ(response->header("referrer-policy"), "strict-origin-when-cross-origin") << path;
        EXPECT_EQ(response->header("permissions-policy"), "interest-cohort=()") << path;
        EXPECT_NE(response->header("content-security-policy").find("frame-ancestors 'none'"), std::string::npos) << path;
    }
}

TEST_F(ServerTest, PipelinedRequestsAreAnsweredInOrder)
{
    start();
    TestClient client(port());
    ASSERT_TRUE(client.send(get("/author/ada") + get("/author/grace%20hopper/") + get("/query?q=a+b%26c")));
    for (std::string_view expected : { "author ada", "author grace hopper", "a b&c" }) {
        auto const response = client.read_response();
        ASSERT_TRUE(response);
        EXPECT_EQ(response->body, expected);
    }
}

TEST_F(ServerTest, HeadSendsTheGetHeadersWithoutABody)
{
    start();
    TestClient client(port());
    ASSERT_TRUE(client.send(get("/big")));
    auto const full = client.read_response();
    ASSERT_TRUE(full);
    ASSERT_TRUE(client.send("HEAD /big HTTP/1.1\r\nHost: test\r\n\r\n"));
    auto const head = client.read_response(true);
    ASSERT_TRUE(head);
    EXPECT_EQ(head->status, 200);
    EXPECT_EQ(head->header("content-length"), std::to_string(big_text().size()));
    EXPECT_EQ(head->header("content-type"), full->header("content-type"));
    // No body bytes follow: the next response starts right away on the same connection.
    ASSERT_TRUE(client.send(get("/")));
    auto const next = client.read_response();
    ASSERT_TRUE(next);
    EXPECT_EQ(next->status, 200);
    EXPECT_EQ(next->body, "hello");
}

TEST_F(ServerTest, AnswersNotFoundAndMethodNotAllowed)
{
    start();
    auto const missing = exchange(get("/nowhere"));
    ASSERT_TRUE(missing);
    EXPECT_EQ(missing->status, 404);
    EXPECT_EQ(missing->body, "error page 404");
    EXPECT_TRUE(missing->has("x-error-for")); // the renderer saw the request

    auto const wrong_method = exchange("DELETE /echo HTTP/1.1\r\nHost: test\r\n\r\n");
    ASSERT_TRUE(wrong_method);
    EXPECT_EQ(wrong_method->status, 405);
    EXPECT_EQ(wrong_method->header("allow"), "POST");

    auto const trace = exchange("TRACE / HTTP/1.1\r\nHost: test\r\n\r\n");
    ASSERT_TRUE(trace);
    EXPECT_EQ(trace->status, 405);
    EXPECT_EQ(trace->header("allow"), "GET, HEAD");
}

TEST_F(ServerTest, RefusesAnOversizedBodyBeforeReadingIt)
{
    start();
    TestClient client(port());
    // The body is never sent: the answer must come from the head alone.
    ASSERT_TRUE(client.send("POST /echo HTTP/1.1\r\nHost: test\r\nContent-Length: 10000000\r\n\r\n"));
    auto const response = client.read_response();
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 413);
    EXPECT_EQ(response->header("connection"), "close");
    EXPECT_TRUE(client.closed_within(generous));
}

TEST_F(ServerTest, RefusesAnOversizedChunkedBody)
{
    start();
    TestClient client(port());
    std::string const chunk(40 * 1024, 'x');
    std::string request = "POST /echo HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\n";
    for (int i = 0; i < 2; ++i)
        request += "a000\r\n" + chunk + "\r\n";
    request += "0\r\n\r\n";
    client.send(request);
    auto const response = client.read_response();
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 413);
}

TEST_F(ServerTest, ReadsChunkedAndContentLengthBodies)
{
    start();
    TestClient client(port());
    ASSERT_TRUE(client.send("POST /echo HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n"));
    auto const chunked = client.read_response();
    ASSERT_TRUE(chunked);
    EXPECT_EQ(chunked->body, "hello world");
    ASSERT_TRUE(client.send("POST /echo HTTP/1.1\r\nHost: test\r\nContent-Length: 3\r\n\r\nabc"));
    auto const sized = client.read_response();
    ASSERT_TRUE(sized);
    EXPECT_EQ(sized->body, "abc");
}

TEST_F(ServerTest, SendsContinueWhenAsked)
{
    start();
    TestClient client(port());
    ASSERT_TRUE(client.send("POST /echo HTTP/1.1\r\nHost: test\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n"));
    auto const interim = client.read_response(true);
    ASSERT_TRUE(interim);
    EXPECT_EQ(interim->status, 100);
    ASSERT_TRUE(client.send("data"));
    auto const response = client.read_response();
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 200);
    EXPECT_EQ(response->body, "data");
}

TEST_F(ServerTest, RefusesMalformedAndAmbiguousRequests)
{
    start();
    struct Case {
        std::string_view name;
        std::string raw;
        int status;
    };
    Case const cases[] = {
        { "garbage", "HELLO\r\n\r\n", 400 },
        { "binary", std::string("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n", 15), 400 },
        { "CL then TE", "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400 },
        { "TE then CL", "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n", 400 },
        { "TE gzip with CL", "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: gzip\r\nContent-Length: 5\r\n\r\nhello", 400 },
        { "TE not chunked", "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: gzip\r\n\r\n", 400 },
        { "TE in HTTP/1.0", "POST /echo HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400 },
        { "two lengths", "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!", 400 },
        { "obs-fold", "GET / HTTP/1.1\r\nHost: t\r\nX-Folded: a\r\n b\r\n\r\n", 400 },
        { "bad chunk size", "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n", 400 },
        { "no host", "GET / HTTP/1.1\r\n\r\n", 400 },
        { "NUL in path", get("/a%00b"), 400 },
        { "bad escape", get("/a%zz"), 400 },
        { "dot segments", get("/author/%2e%2e/x"), 400 },
        { "not absolute", get("author/ada"), 400 },
        { "HTTP/2 over HTTP/1", "GET / HTTP/2.0\r\nHost: t\r\n\r\n", 505 },
        { "long target", get("/" + std::string(9000, 'a')), 414 },
        { "very long target", get("/" + std::string(40000, 'a')), 414 },
        { "huge header", get("/", "X-Big: " + std::string(20000, 'b') + "\r\n"), 431 },
        { "many headers", get("/", [] { std::string h; for (int i = 0; i < 2000; ++i) h += "X-H" + std::to_string(i) + ": v\r\n"; return h; }()), 431 },
    };
    for (auto const& c : cases) {
        TestClient client(port());
        client.send(c.raw);
        auto const response = client.read_response();
        ASSERT_TRUE(response) << c.name;
        EXPECT_EQ(response->status, c.status) << c.name;
        EXPECT_EQ(response->header("connection"), "close") << c.name;
        EXPECT_EQ(response->header("x-frame-options"), "DENY") << c.name; // error pages get security headers too
        EXPECT_TRUE(client.closed_within(generous)) << c.name;
    }
    // The server still serves normally afterwards.
    auto const after = exchange(get("/"));
    ASSERT_TRUE(after);
    EXPECT_EQ(after->status, 200);
}

TEST_F(ServerTest, CompressesWhenTheClientAcceptsGzip)
{
    start();
    TestClient client(port());
    ASSERT_TRUE(client.send(get("/big", "Accept-Encoding: br, gzip\r\n")));
    auto const compressed = client.read_response();
    ASSERT_TRUE(compressed);
    EXPECT_EQ(compressed->header("content-encoding"), "gzip");
    EXPECT_EQ(compressed->header("vary"), "Accept-Encoding");
    EXPECT_LT(compressed->body.size(), big_text().size());
    EXPECT_EQ(gunzip(compressed->body), big_text());

    ASSERT_TRUE(client.send(get("/big", "Accept-Encoding: gzip;q=0\r\n")));
    auto const plain = client.read_response();
    ASSERT_TRUE(plain);
    EXPECT_FALSE(plain->has("content-encoding"));
    EXPECT_EQ(plain->body, big_text());
}

TEST_F(ServerTest, AHandlerExceptionBecomesA500AndTheServerGoesOn)
{
    start();
    TestClient client(port());
    ASSERT_TRUE(client.send(get("/throw")));
    auto const failed = client.read_response();
    ASSERT_TRUE(failed);
    EXPECT_EQ(failed->status, 500);
    EXPECT_EQ(failed->body, "error page 500");
    EXPECT_EQ(failed->header("x-error-for"), failed->header("x-request-id"));
    EXPECT_EQ(failed->body.find("handler failed"), std::string::npos);
    ASSERT_TRUE(client.send(get("/")));
    auto const next = client.read_response();
    ASSERT_TRUE(next);
    EXPECT_EQ(next->status, 200);
}

TEST_F(ServerTest, Http10ClosesUnlessKeepAliveIsAsked)
{
    start();
    TestClient closing(port());
    ASSERT_TRUE(closing.send("GET / HTTP/1.0\r\n\r\n"));
    auto const once = closing.read_response();
    ASSERT_TRUE(once);
    EXPECT_EQ(once->header("connection"), "close");
    EXPECT_TRUE(closing.closed_within(generous));

    TestClient keeping(port());
    for (int i = 0; i < 2; ++i) {
        ASSERT_TRUE(keeping.send("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"));
        auto const response = keeping.read_response();
        ASSERT_TRUE(response) << i;
        EXPECT_EQ(response->header("connection"), "keep-alive");
    }
}

TEST_F(ServerTest, DropsASlowlorisClientWhileServingOthers)
{
    auto limits = test_limits();
    limits.header_timeout = 1s;
    start(limits);
    TestClient slow(port());
    ASSERT_TRUE(slow.send("GET / HTTP/1.1\r\nHost: test\r\n"));
    auto const started = std::chrono::steady_clock::now();
    bool dropped = false;
    bool served_other = false;
    std::string const drip = "X-Slow: 1\r\n";
    for (std::size_t i = 0; std::chrono::steady_clock::now() - started < generous; ++i) {
        if (!slow.send(drip.substr(i % drip.size(), 1)) || slow.closed_within(300ms)) {
            dropped = true;
            break;
        }
        if (!served_other) {
            auto const response = exchange(get("/"));
            served_other = response && response->status == 200;
        }
    }
    EXPECT_TRUE(dropped);
    EXPECT_TRUE(served_other);
}

TEST_F(ServerTest, ClosesNewConnectionsOverTheCap)
{
    auto limits = test_limits();
    limits.max_connections = 2;
    start(limits);
    TestClient first(port());
    TestClient second(port());
    for (auto* client : { &first, &second }) {
        ASSERT_TRUE(client->send(get("/")));
        ASSERT_TRUE(client->read_response());
    }
    TestClient third(port());
    third.send(get("/"));
    EXPECT_TRUE(third.closed_within(generous));
    // The two admitted connections keep working.
    ASSERT_TRUE(second.send(get("/")));
    auto const response = second.read_response();
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 200);
}

TEST_F(ServerTest, StopFinishesRequestsInFlightAndClosesIdleConnections)
{
    start();
    TestClient idle(port());
    ASSERT_TRUE(idle.send(get("/")));
    ASSERT_TRUE(idle.read_response());

    TestClient busy(port());
    ASSERT_TRUE(busy.send(get("/slow")));
    ASSERT_TRUE(eventually([&] { return m_slow_started.load(); }));
    m_server->stop();

    auto const response = busy.read_response();
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 200);
    EXPECT_EQ(response->body, "slow done");
    EXPECT_EQ(response->header("connection"), "close");
    EXPECT_TRUE(idle.closed_within(generous));
    // shutdown_grace is 30 s, so returning sooner means nothing was left hanging.
    EXPECT_TRUE(eventually([&] { return m_finished.load(); }));
}

TEST_F(ServerTest, ClosesAnIdleKeepAliveConnection)
{
    auto limits = test_limits();
    limits.idle_timeout = 1s;
    limits.header_timeout = 1s;
    start(limits);
    TestClient client(port());
    ASSERT_TRUE(client.send(get("/")));
    ASSERT_TRUE(client.read_response());
    EXPECT_TRUE(client.closed_within(generous));
    // A new connection that never sends a byte gets the head's deadline.
    TestClient silent(port());
    EXPECT_TRUE(silent.closed_within(generous));
}

TEST_F(ServerTest, DropsASlowBody)
{
    auto limits = test_limits();
    limits.body_timeout = 1s;
    start(limits);
    TestClient slow(port());
    ASSERT_TRUE(slow.send("POST /echo HTTP/1.1\r\nHost: test\r\nContent-Length: 1000\r\n\r\nfirst"));
    bool dropped = false;
    auto const started = std::chrono::steady_clock::now();
    while (!dropped && std::chrono::steady_clock::now() - started < generous)
        dropped = !slow.send("x") || slow.closed_within(300ms);
    EXPECT_TRUE(dropped);
}

TEST_F(ServerTest, DropsAClientThatDoesNotRead)
{
    auto limits = test_limits();
    limits.write_timeout = 1s;
    start(limits);
    TestClient stalled(port());
    ASSERT_TRUE(stalled.send(get("/huge")));
    // While that write is stuck, others are served.
    std::this_thread::sleep_for(500ms);
    auto const other = exchange(get("/"));
    ASSERT_TRUE(other);
    EXPECT_EQ(other->status, 200);
    std::this_thread::sleep_for(3s);
    auto const received = stalled.bytes_until_closed(generous);
    ASSERT_TRUE(received);
    EXPECT_LT(*received, huge_bytes);
}

TEST_F(ServerTest, SigtermDrainsAndReturns)
{
    start();
    TestClient client(port());
    // Once a request is answered, run() has installed its signal handler.
    ASSERT_TRUE(client.send(get("/")));
    ASSERT_TRUE(client.read_response());
    ASSERT_TRUE(client.send(get("/slow")));
    ASSERT_TRUE(eventually([&] { return m_slow_started.load(); }));
    ASSERT_EQ(::kill(::getpid(), SIGTERM), 0);
    auto const response = client.read_response();
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 200);
    EXPECT_EQ(response->header("connection"), "close");
    EXPECT_TRUE(eventually([&] { return m_finished.load(); }));
    // The listening socket is closed: new connections are refused.
    EXPECT_THROW(TestClient { port() }, std::system_error);
}

TEST_F(ServerTest, StopGivesUpOnAStuckHandlerAfterTheGracePeriod)
{
    auto limits = test_limits();
    limits.shutdown_grace = 1s;
    start(limits);
    TestClient stuck(port());
    ASSERT_TRUE(stuck.send(get("/hang")));
    ASSERT_TRUE(eventually([&] { return m_hang_started.load(); }));
    EXPECT_TRUE(stop_within(generous));
    // The suspended handler is destroyed with the server (checked by the sanitizers).
    m_thread.join();
    m_server.reset();
    EXPECT_TRUE(stuck.closed_within(generous));
}

TEST_F(ServerTest, StopRightAfterStartReturns)
{
    start();
    EXPECT_TRUE(stop_within(generous));
}

TEST(Server, ListenThrowsWhenThePortIsTaken)
{
    http::Router router;
    http::ServerOptions options;
    options.port = 0;
    http::Server first(options, router, {});
    first.listen();
    options.port = first.port();
    http::Server second(options, router, {});
    EXPECT_THROW(second.listen(), std::system_error);
}

}
