// The HTTP/1.1 server: accepts on one address, runs `threads` io_context threads, reads each
// request under size limits and deadlines, routes it, and writes the answer (keep-alive,
// HEAD, gzip). It owns every Beast and Asio socket detail; nothing outside src/http sees them.
// run() blocks until SIGTERM or SIGINT, then drains in-flight requests within the grace period.
// Each connection is a coroutine on its own strand; handlers run there and must not block.
// Requests the server refuses itself: 400 (malformed, ambiguous framing, obs-fold, bad path),
// 413, 414, 431, 505, all answered with Connection: close; 404/405 come from the router.
#pragma once

#include "http/request.h"
#include "http/response.h"
#include "http/router.h"

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace http {

struct ServerLimits {
    std::size_t header_bytes = 16 * 1024; // request line + header block; over it: 431
    std::size_t body_bytes = 1024 * 1024; // over it: 413, before the body is read
    std::chrono::seconds header_timeout { 10 }; // whole head must arrive within this, from its first byte;
                                                // also how long a new connection may stay silent
    std::chrono::seconds body_timeout { 30 }; // whole body must arrive within this
    std::chrono::seconds write_timeout { 30 }; // a response must drain within this
    std::chrono::seconds idle_timeout { 60 }; // keep-alive connection with no new request (between requests)
    std::size_t max_connections = 10000; // over it, new connections are closed at once
    std::chrono::seconds shutdown_grace { 10 }; // SIGTERM: how long in-flight requests may finish
};

struct ServerOptions {
    std::string host = "127.0.0.1";
    std::uint16_t port = 8080;
    unsigned threads = 0; // 0: one per core
    ServerLimits limits;
};

// Builds the page for a status the server answers itself (400, 404, 405, 413, 431, 500...).
// `request` is null when the head could not be parsed. Called from any io thread at once, so
// it must be thread-safe; if it throws, a plain-text page is sent instead.
using ErrorPageRenderer = std::function<Response(int status, Request const* request)>;

class Server {
public:
    Server(ServerOptions options, Router const& router, ErrorPageRenderer error_pages);
    ~Server();

    // Binds the listening socket (SO_REUSEADDR); throws std::system_error when the address is taken.
    // run() calls it when it has not been called.
    void listen();
    // The port actually bound (useful with port 0).
    std::uint16_t port() const;
    // Serves until SIGTERM/SIGINT or stop(), then drains. Returns when every thread has ended.
    void run();
    // Asks run() to shut down as on SIGTERM; safe from any thread, also before run().
    // Shutdown closes the listening socket and idle connections at once, answers requests in
    // flight with Connection: close, and after limits.shutdown_grace stops whatever is left.
    void stop();

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

}
