// The Beast/Asio side of the server: accepting, the per-connection coroutine, deadlines, limits
// and shutdown. Every connection runs on its own strand, so its state needs no locks; the
// acceptor, signals and grace timer live on the m_control strand. The byte-level rules are in
// wire.cpp, compression.cpp and security_headers.cpp, which do not include Beast.
#include "http/server.h"

#include "http/access_log.h"
#include "http/dispatch.h"
#include "http/wire.h"

#include <array>
#include <atomic>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <csignal>
#include <mutex>
#include <optional>
#include <spdlog/spdlog.h>
#include <system_error>
#include <thread>
#include <unordered_map>

namespace http {

namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

namespace {

// Bytes asked of the socket per read; surplus (a pipelined request, the body) stays buffered.
constexpr std::size_t read_chunk_bytes = 16 * 1024;
// The first read of a request: enough for a typical head, small enough to allocate per request.
constexpr std::size_t first_read_bytes = 4 * 1024;
// After refusing a request whose body may still be arriving, read and discard for a moment
// before closing: closing with unread input makes the kernel send RST, which can destroy the
// answer before the client reads it.
constexpr auto linger_time = std::chrono::seconds(2);
constexpr std::size_t linger_bytes = 1024 * 1024;
// Pause after a failed accept (e.g. out of file descriptors) instead of spinning.
constexpr auto accept_retry_delay = std::chrono::milliseconds(100);

std::system_error to_system_error(boost::system::error_code const& ec, std::string const& what)
{
    return std::system_error(std::error_code(ec.value(), std::system_category()), what + ": " + ec.message());
}

bool iequals(std::string_view a, std::string_view b)
{
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
        return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
    });
}

std::string lower(std::string_view text)
{
    std::string out(text);
    std::ranges::transform(out, out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

void log_escaped_exception(std::exception_ptr exception, std::string_view where)
{
    if (!exception)
        return;
    try {
        std::rethrow_exception(exception);
    } catch (std::exception const& error) {
        spdlog::error("{}: {}", where, json_quote(error.what()));
    } catch (...) {
        spdlog::error("{}: unknown exception", where);
    }
}

// One client connection. Only its own strand touches it (stop() posts there too).
struct Connection {
    explicit Connection(tcp::socket socket)
        : stream(std::move(socket))
    {
    }
    beast::tcp_stream stream;
    std::string remote;
    bool idle = false; // waiting for a request's first byte: shutdown may close it at once
    bool fresh = true; // no request read yet
};

enum class Next { KeepAlive,
    Close };

// How reading a request head ended: complete (with its length), closed, or refused with a status.
struct Head {
    enum class Outcome { Complete,
        Closed,
        Refused } outcome;
    std::size_t length = 0;
    int status = 0;
};

using RequestParser = beast::http::request_parser<beast::http::string_body>;

}

struct Server::Impl {
    Impl(ServerOptions options, Router const& router, ErrorPageRenderer error_pages)
        : m_options(std::move(options))
        , m_router(router)
        , m_error_pages(std::move(error_pages))
        , m_io(static_cast<int>(thread_count()))
    {
    }

    ~Impl()
    {
        // Destroying m_io destroys suspended sessions, whose slots must then not post to it.
        m_tearing_down = true;
    }

    unsigned thread_count() const
    {
        if (m_options.threads != 0)
            return m_options.threads;
        return std::max(1u, std::thread::hardware_concurrency());
    }

    // Releases a connection's place in the count and the registry when its coroutine ends
    // (or its frame is destroyed unstarted). Move-only so it can be a coroutine parameter.
    class Slot {
    public:
        Slot(Impl& server, std::uint64_t id)
            : m_server(&server)
            , m_id(id)
        {
        }
        Slot(Slot&& other) noexcept
            : m_server(std::exchange(other.m_server, nullptr))
            , m_id(other.m_id)
        {
        }
        Slot& operator=(Slot&&) = delete;
        ~Slot()
        {
            if (m_server)
                m_server->release(m_id);
        }

    private:
        Impl* m_server;
        std::uint64_t m_id;
    };

    void listen();
    void run();
    void begin_shutdown();
    void release(std::uint64_t id);
    void start_connection(tcp::socket socket);

    asio::awaitable<void> accept_loop();
    asio::awaitable<void> serve(std::shared_ptr<Connection> connection, Slot slot);
    asio::awaitable<Next> serve_request(Connection& connection, beast::flat_buffer& buffer);
    asio::awaitable<Head> read_head(Connection& connection, beast::flat_buffer& buffer);
    asio::awaitable<bool> send(Connection& connection, Response& response, Request const* request, ConnectionHeader header, Clock::time_point started);
    asio::awaitable<void> refuse(Connection& connection, int status, Request const* request, Clock::time_point started);

    ServerOptions m_options;
    Router const& m_router;
    ErrorPageRenderer m_error_pages;
    std::atomic<std::uint16_t> m_port { 0 };
    std::atomic<bool> m_stopping { false };
    std::atomic<bool> m_tearing_down { false };
    std::atomic<std::size_t> m_live { 0 };
    std::mutex m_connections_mutex;
    std::unordered_map<std::uint64_t, std::weak_ptr<Connection>> m_connections;
    std::uint64_t m_next_connection_id = 0;
    // Declared after everything suspended sessions touch, so it is destroyed first.
    asio::io_context m_io;
    asio::strand<asio::io_context::executor_type> m_control { asio::make_strand(m_io) };
    tcp::acceptor m_acceptor { m_control };
    asio::signal_set m_signals { m_control };
    asio::steady_timer m_grace_timer { m_control };
};

void Server::Impl::listen()
{
    boost::system::error_code ec;
    auto address = asio::ip::make_address(m_options.host, ec);
    if (ec) {
        tcp::resolver resolver(m_io);
        auto const results = resolver.resolve(m_options.host, std::to_string(m_options.port), ec);
        if (ec || results.empty())
            throw to_system_error(ec, "resolve " + m_options.host);
        address = results.begin()->endpoint().address();
    }
    tcp::endpoint const endpoint(address, m_options.port);
    auto const where = "listen on " + m_options.host + ":" + std::to_string(m_options.port);
    if (m_acceptor.open(endpoint.protocol(), ec); ec)
        throw to_system_error(ec, where);
    if (m_acceptor.set_option(tcp::acceptor::reuse_address(true), ec); ec)
        throw to_system_error(ec, where);
    if (m_acceptor.bind(endpoint, ec); ec) {
        m_acceptor.close();
        throw to_system_error(ec, where);
    }
    if (m_acceptor.listen(asio::socket_base::max_listen_connections, ec); ec) {
        m_acceptor.close();
        throw to_system_error(ec, where);
    }
    m_port = m_acceptor.local_endpoint().port();
}

void Server::Impl::run()
{
    if (!m_acceptor.is_open())
        listen();
    m_signals.add(SIGINT);
    m_signals.add(SIGTERM);
    m_signals.async_wait([this](boost::system::error_code ec, int signal) {
        if (ec)
            return;
        spdlog::info("signal {}: shutting down", signal);
        begin_shutdown();
    });
    asio::co_spawn(m_control, accept_loop(), [](std::exception_ptr exception) { log_escaped_exception(exception, "accept loop"); });

    auto const run_io = [this] {
        // A handler that throws out of run() is a bug; log it and keep the thread serving.
        for (;;) {
            try {
                m_io.run();
                return;
            } catch (std::exception const& error) {
                spdlog::critical("io thread: {}", json_quote(error.what()));
            }
        }
    };
    std::vector<std::jthread> workers;
    for (unsigned i = 1; i < thread_count(); ++i)
        workers.emplace_back(run_io);
    run_io();
}

// Runs on m_control. SECURITY.md 21: stop accepting, close idle connections, let requests in
// flight finish (each answered with Connection: close), and cut the rest after the grace period.
void Server::Impl::begin_shutdown()
{
    if (m_stopping.exchange(true))
        return;
    boost::system::error_code ec;
    m_acceptor.close(ec);
    m_signals.cancel(ec);
    // Back to the default disposition: a second Ctrl-C ends the process at once.
    m_signals.clear(ec);

    std::vector<std::shared_ptr<Connection>> live;
    {
        std::lock_guard lock(m_connections_mutex);
        for (auto const& [id, weak] : m_connections) {
            if (auto connection = weak.lock())
                live.push_back(std::move(connection));
        }
    }
    for (auto& connection : live) {
        auto const executor = connection->stream.get_executor();
        asio::post(executor, [connection = std::move(connection)] {
            // A request already sent (its bytes waiting in the socket) is in flight, not idle.
            boost::system::error_code available_ec;
            if (connection->idle && connection->stream.socket().available(available_ec) == 0)
                connection->stream.cancel();
        });
    }
    if (m_live == 0)
        return;
    m_grace_timer.expires_after(m_options.limits.shutdown_grace);
    m_grace_timer.async_wait([this](boost::system::error_code ec) {
        if (ec)
            return; // cancelled: the last connection finished in time
        spdlog::warn("shutdown: {} connections still open after the grace period; closing them", m_live.load());
        m_io.stop();
    });
}

void Server::Impl::release(std::uint64_t id)
{
    {
        std::lock_guard lock(m_connections_mutex);
        m_connections.erase(id);
    }
    if (m_live.fetch_sub(1) == 1 && m_stopping && !m_tearing_down)
        asio::post(m_control, [this] { m_grace_timer.cancel(); });
}

asio::awaitable<void> Server::Impl::accept_loop()
{
    asio::steady_timer pause(m_control);
    for (;;) {
        boost::system::error_code ec;
        tcp::socket socket = co_await m_acceptor.async_accept(asio::make_strand(m_io), asio::redirect_error(asio::use_awaitable, ec));
        if (m_stopping || ec == asio::error::operation_aborted || !m_acceptor.is_open())
            co_return;
        if (ec) {
            spdlog::warn("accept failed: {}", ec.message());
            pause.expires_after(accept_retry_delay);
            co_await pause.async_wait(asio::redirect_error(asio::use_awaitable, ec));
            continue;
        }
        // SECURITY.md 20: over the cap a connection is closed at once, never left waiting.
        if (m_live >= m_options.limits.max_connections) {
            socket.close(ec);
            continue;
        }
        start_connection(std::move(socket));
    }
}

void Server::Impl::start_connection(tcp::socket socket)
{
    ++m_live;
    boost::system::error_code endpoint_error;
    auto const endpoint = socket.remote_endpoint(endpoint_error);
    // Each response goes out in one gathered write, so Nagle's delay would only add latency.
    boost::system::error_code option_error;
    socket.set_option(tcp::no_delay(true), option_error);
    auto connection = std::make_shared<Connection>(std::move(socket));
    if (!endpoint_error)
        connection->remote = endpoint.address().to_string();
    std::uint64_t id = 0;
    {
        std::lock_guard lock(m_connections_mutex);
        id = m_next_connection_id++;
        m_connections.emplace(id, connection);
    }
    auto const executor = connection->stream.get_executor();
    asio::co_spawn(executor, serve(std::move(connection), Slot(*this, id)),
        [](std::exception_ptr exception) { log_escaped_exception(exception, "connection"); });
}

asio::awaitable<void> Server::Impl::serve(std::shared_ptr<Connection> connection, [[maybe_unused]] Slot slot)
{
    beast::flat_buffer buffer;
    try {
        for (;;) {
            auto const next = co_await serve_request(*connection, buffer);
            if (next == Next::Close)
                break;
        }
    } catch (std::exception const& error) {
        // Handler exceptions are caught in dispatch(); this is the server's own failure.
        spdlog::error("connection from {} ended: {}", connection->remote, json_quote(error.what()));
    }
    boost::system::error_code ec;
    connection->stream.socket().shutdown(tcp::socket::shutdown_send, ec);
    connection->stream.close();
}

// Reads one request and answers it. Deadlines (SECURITY.md 18): idle_timeout for the first
// byte of a request after the first (header_timeout on a new connection), header_timeout for
// the whole head from that byte on, body_timeout for the body, write_timeout for the answer.
// A timed-out read closes the connection without an answer.
asio::awaitable<Next> Server::Impl::serve_request(Connection& connection, beast::flat_buffer& buffer)
{
    auto& stream = connection.stream;
    auto const& limits = m_options.limits;
    boost::system::error_code ec;
    if (buffer.size() == 0) {
        if (m_stopping && stream.socket().available(ec) == 0)
            co_return Next::Close;
        // An idle connection holds no read buffer, so 10,000 of them cost little (SECURITY.md 20).
        buffer.shrink_to_fit();
        connection.idle = true;
        // A new connection is opened to send a request at once, so it gets the head's deadline;
        // idle_timeout is what keep-alive grants between requests.
        stream.expires_after(connection.fresh ? limits.header_timeout : limits.idle_timeout);
        auto const received = co_await stream.async_read_some(buffer.prepare(first_read_bytes), asio::redirect_error(asio::use_awaitable, ec));
        connection.idle = false;
        if (ec)
            co_return Next::Close;
        buffer.commit(received);
    }
    connection.fresh = false;
    auto const started = Clock::now();
    stream.expires_after(limits.header_timeout);
    auto const head = co_await read_head(connection, buffer);
    if (head.outcome == Head::Outcome::Closed)
        co_return Next::Close;
    if (head.outcome == Head::Outcome::Refused) {
        co_await refuse(connection, head.status, nullptr, started);
        co_return Next::Close;
    }

    std::string_view const raw(static_cast<char const*>(buffer.data().data()), head.length);
    if (has_obs_fold(raw)) {
        co_await refuse(connection, 400, nullptr, started);
        co_return Next::Close;
    }
    RequestParser parser;
    parser.header_limit(static_cast<std::uint32_t>(head.length + 1));
    parser.body_limit(boost::none); // checked below, once the request is known
    auto const parsed = parser.put(asio::buffer(raw.data(), raw.size()), ec);
    buffer.consume(parsed);
    if (ec || !parser.is_header_done()) {
        // Beast parses only HTTP/1.0 and HTTP/1.1; another well-formed version is 505, a broken line 400.
        bool const unsupported_version = ec == beast::http::error::bad_version && has_well_formed_request_line(raw);
        co_await refuse(connection, unsupported_version ? 505 : 400, nullptr, started);
        co_return Next::Close;
    }

    auto& message = parser.get();
    Request request;
    request.method = method_from_name(message.method_string());
    request.target = std::string(message.target());
    request.remote_address = connection.remote;
    request.request_id = make_request_id();
    request.headers.reserve(16);
    for (auto const& field : message)
        request.headers.emplace_back(lower(field.name_string()), std::string(field.value()));
    unsigned const minor = message.version() % 10;

    int refusal = 0;
    std::optional<Target> target;
    if (request.target.size() > max_target_bytes)
        refusal = 414;
    else if (!framing_is_unambiguous(request.headers, minor) || !host_is_valid(request.headers, minor))
        refusal = 400;
    else if (target = parse_target(request.target); !target)
        refusal = 400;
    else if (auto const length = parser.content_length(); length && *length > limits.body_bytes)
        refusal = 413; // SECURITY.md 19: refused before a byte of the body is read
    if (target) {
        request.path = std::move(target->path);
        request.query = std::move(target->query);
    }
    if (refusal != 0) {
        co_await refuse(connection, refusal, &request, started);
        co_return Next::Close;
    }
    bool const keep_alive = message.keep_alive();

    if (!parser.is_done()) {
        parser.body_limit(limits.body_bytes); // for chunked bodies, whose size is unknown up front
        if (minor == 1 && iequals(request.header("expect"), "100-continue")) {
            static constexpr std::string_view interim = "HTTP/1.1 100 Continue\r\n\r\n";
            stream.expires_after(limits.write_timeout);
            co_await asio::async_write(stream, asio::buffer(interim), asio::redirect_error(asio::use_awaitable, ec));
            if (ec)
                co_return Next::Close;
        }
        stream.expires_after(limits.body_timeout);
        co_await beast::http::async_read(stream, buffer, parser, asio::redirect_error(asio::use_awaitable, ec));
        if (ec == beast::http::error::body_limit) {
            co_await refuse(connection, 413, &request, started);
            co_return Next::Close;
        }
        // Malformed chunking is the client's error and gets an answer; a timeout or a lost
        // connection does not.
        bool const malformed = ec.category() == beast::http::make_error_code(beast::http::error::bad_chunk).category()
            && ec != beast::http::error::partial_message && ec != beast::http::error::end_of_stream;
        if (malformed) {
            co_await refuse(connection, 400, &request, started);
            co_return Next::Close;
        }
        if (ec)
            co_return Next::Close;
    }
    request.body = std::move(message.body());

    auto response = co_await dispatch(m_router, m_error_pages, request);
    bool const close = !keep_alive || m_stopping;
    auto const header = close ? ConnectionHeader::Close : minor == 0 ? ConnectionHeader::KeepAlive
                                                                     : ConnectionHeader::None;
    bool const sent = co_await send(connection, response, &request, header, started);
    co_return sent && !close ? Next::KeepAlive : Next::Close;
}

// Called with at least one byte buffered and the header deadline set. Leaves the head at the
// start of the buffer. RFC 9112 section 2.2: empty lines before a request line are skipped.
asio::awaitable<Head> Server::Impl::read_head(Connection& connection, beast::flat_buffer& buffer)
{
    auto const header_bytes = m_options.limits.header_bytes;
    std::size_t searched = 0;
    for (;;) {
        auto view = std::string_view(static_cast<char const*>(buffer.data().data()), buffer.size());
        std::size_t empty_lines = 0;
        while (view.substr(2 * empty_lines).starts_with("\r\n"))
            ++empty_lines;
        if (empty_lines > 0) {
            buffer.consume(2 * empty_lines);
            view.remove_prefix(2 * empty_lines);
            searched = 0;
        }
        auto const line_end = view.find("\r\n");
        bool const line_too_long = line_end == std::string_view::npos ? view.size() > max_request_line_bytes : line_end > max_request_line_bytes;
        auto const end = find_head_end(view, searched);
        if (end != std::string_view::npos && end <= header_bytes)
            co_return Head { Head::Outcome::Complete, end, 0 };
        if (line_too_long)
            co_return Head { Head::Outcome::Refused, 0, 414 };
        if (end != std::string_view::npos || view.size() >= header_bytes)
            co_return Head { Head::Outcome::Refused, 0, 431 };
        searched = view.size() >= 3 ? view.size() - 3 : 0;

        boost::system::error_code ec;
        auto const received = co_await connection.stream.async_read_some(buffer.prepare(read_chunk_bytes), asio::redirect_error(asio::use_awaitable, ec));
        if (ec)
            co_return Head { Head::Outcome::Closed, 0, 0 };
        buffer.commit(received);
    }
}

// Writes head and body in one gathered write (NOTES.md) and logs the access line.
asio::awaitable<bool> Server::Impl::send(Connection& connection, Response& response, Request const* request, ConnectionHeader header, Clock::time_point started)
{
    auto const request_id = request ? request->request_id : make_request_id();
    auto const head = finish_response(response, { request_id, request ? request->header("accept-encoding") : std::string_view {}, header });
    bool const head_only = request && request->method == Method::Head;
    std::array<asio::const_buffer, 2> const buffers { asio::buffer(head), asio::buffer(response.body.data(), head_only ? 0 : response.body.size()) };
    boost::system::error_code ec;
    connection.stream.expires_after(m_options.limits.write_timeout);
    co_await asio::async_write(connection.stream, buffers, asio::redirect_error(asio::use_awaitable, ec));
    log_access({
        .id = request_id,
        .method = request ? method_name(request->method) : "-",
        .path = !request ? "-" : !request->path.empty() ? std::string_view(request->path)
                                                        : std::string_view(request->target).substr(0, request->target.find('?')),
        .status = response.status,
        .bytes = ec ? 0 : buffers[1].size(),
        .micros = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - started).count(),
        .remote = connection.remote,
    });
    co_return !ec;
}

// Answers a request the server will not serve, then closes (after a short linger, see above).
asio::awaitable<void> Server::Impl::refuse(Connection& connection, int status, Request const* request, Clock::time_point started)
{
    auto response = render_error_page(m_error_pages, status, request);
    bool const sent = co_await send(connection, response, request, ConnectionHeader::Close, started);
    if (!sent)
        co_return;
    boost::system::error_code ec;
    connection.stream.socket().shutdown(tcp::socket::shutdown_send, ec);
    connection.stream.expires_after(linger_time);
    std::array<char, 4096> discard;
    std::size_t discarded = 0;
    while (!ec && discarded < linger_bytes) {
        auto const received = co_await connection.stream.async_read_some(asio::buffer(discard), asio::redirect_error(asio::use_awaitable, ec));
        discarded += received;
    }
}

Server::Server(ServerOptions options, Router const& router, ErrorPageRenderer error_pages)
    : m_impl(std::make_unique<Impl>(std::move(options), router, std::move(error_pages)))
{
}

Server::~Server() = default;

void Server::listen()
{
    m_impl->listen();
}

std::uint16_t Server::port() const
{
    return m_impl->m_port;
}

void Server::run()
{
    m_impl->run();
}

void Server::stop()
{
    asio::post(m_impl->m_control, [impl = m_impl.get()] { impl->begin_shutdown(); });
}

}
