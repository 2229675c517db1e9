#include "web/blocking_pool.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <thread>

namespace asio = boost::asio;

namespace {

// Runs the coroutine on a one-thread io_context (like a server I/O thread) and returns its result.
template <typename T>
T run_on_io_thread(asio::io_context& io, asio::awaitable<T> coroutine)
{
    auto future = asio::co_spawn(io, std::move(coroutine), asio::use_future);
    io.run();
    return future.get();
}

}

TEST(BlockingPool, RunsWorkOnAPoolThreadAndResumesOnTheCallersThread)
{
    web::BlockingPool pool;
    asio::io_context io;
    struct Threads {
        std::thread::id before, work, after;
    };
    auto const threads = run_on_io_thread(io, [&]() -> asio::awaitable<Threads> {
        Threads seen;
        seen.before = std::this_thread::get_id();
        seen.work = co_await pool.run([] { return std::this_thread::get_id(); });
        seen.after = std::this_thread::get_id();
        co_return seen;
    }());
    EXPECT_NE(threads.work, threads.before);
    EXPECT_EQ(threads.after, threads.before);
}

TEST(BlockingPool, ReturnsValuesAndRunsVoidWork)
{
    web::BlockingPool pool;
    asio::io_context io;
    auto const result = run_on_io_thread(io, [&]() -> asio::awaitable<std::string> {
        int counter = 0;
        co_await pool.run([&counter] { ++counter; });
        auto text = co_await pool.run([] { return std::string("hashed"); });
        co_return text + std::to_string(counter);
    }());
    EXPECT_EQ(result, "hashed1");
}

TEST(BlockingPool, RethrowsOnTheCallersThread)
{
    web::BlockingPool pool;
    asio::io_context io;
    auto const caught_on = run_on_io_thread(io, [&]() -> asio::awaitable<bool> {
        auto const caller = std::this_thread::get_id();
        try {
            co_await pool.run([]() -> int { throw std::runtime_error("disk full"); });
        } catch (std::runtime_error const& error) {
            co_return std::this_thread::get_id() == caller&& std::string(error.what()) == "disk full";
        }
        co_return false;
    }());
    EXPECT_TRUE(caught_on);
}
