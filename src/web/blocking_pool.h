// A small, fixed pool of threads for blocking work (argon2id password hashing), so that slow
// work never runs on the I/O threads that serve pages (ARCHITECTURE.md 5, SECURITY.md 1): a
// sign-in flood queues here while public pages keep their threads. run() is called from a
// coroutine on any executor (a connection's strand) and resumes it on that same executor
// afterwards. Asio only, no Beast.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <cstddef>
#include <exception>
#include <optional>
#include <type_traits>
#include <utility>

namespace web {

class BlockingPool {
public:
    // Two threads: on a two-core host, at most two hashes run at once and the rest wait their turn.
    static constexpr std::size_t default_threads = 2;

    explicit BlockingPool(std::size_t threads = default_threads)
        : m_pool(threads)
    {
    }
    // Waits for queued work to finish, then joins the threads.
    ~BlockingPool() { m_pool.join(); }
    // The same, early: call it before the executors that work resumes on are destroyed.
    void join() { m_pool.join(); }
    BlockingPool(BlockingPool const&) = delete;
    BlockingPool& operator=(BlockingPool const&) = delete;

    // Runs `work` on a pool thread and returns its result on the caller's executor. An
    // exception from `work` is rethrown there too, after the hop back, so the caller's
    // strand is never left running on a pool thread.
    template <typename F>
    boost::asio::awaitable<std::invoke_result_t<F>> run(F work)
    {
        namespace asio = boost::asio;
        using Result = std::invoke_result_t<F>;
        auto const caller = co_await asio::this_coro::executor;
        // post(executor, token) would resume on the coroutine's own executor; binding the
        // token to the pool's executor is what moves the coroutine onto a pool thread.
        co_await asio::post(asio::bind_executor(m_pool.get_executor(), asio::use_awaitable));
        std::exception_ptr failure;
        if constexpr (std::is_void_v<Result>) {
            try {
                work();
            } catch (...) {
                failure = std::current_exception(); // rethrown below, on the caller's executor
            }
            co_await asio::post(asio::bind_executor(caller, asio::use_awaitable));
            if (failure)
                std::rethrow_exception(failure);
        } else {
            std::optional<Result> result;
            try {
                result.emplace(work());
            } catch (...) {
                failure = std::current_exception(); // rethrown below, on the caller's executor
            }
            co_await asio::post(asio::bind_executor(caller, asio::use_awaitable));
            if (failure)
                std::rethrow_exception(failure);
            co_return std::move(*result);
        }
    }

private:
    boost::asio::thread_pool m_pool;
};

}
