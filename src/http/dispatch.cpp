#include "http/dispatch.h"

#include "http/access_log.h"

#include <optional>
#include <spdlog/spdlog.h>
#include <variant>

namespace http {

boost::asio::awaitable<Response> dispatch(Router const& router, ErrorPageRenderer const& error_pages, Request& request)
{
    auto route = router.match(request.method, request.path);
    if (std::holds_alternative<NoRoute>(route))
        co_return render_error_page(error_pages, 404, &request);
    if (auto const* refusal = std::get_if<MethodNotAllowed>(&route)) {
        auto response = render_error_page(error_pages, 405, &request);
        response.set_header("Allow", refusal->allow);
        co_return response;
    }
    auto& found = std::get<RouteMatch>(route);
    request.params = std::move(found.params);
    // co_await is not allowed inside a handler block, so the outcome is carried out of the try.
    std::optional<Response> response;
    try {
        response.emplace(co_await (*found.handler)(request));
    } catch (std::exception const& error) {
        spdlog::error("request {} {} {} failed: {}", request.request_id, method_name(request.method), json_quote(request.path), json_quote(error.what()));
    } catch (...) {
        spdlog::error("request {} {} {} failed: unknown exception", request.request_id, method_name(request.method), json_quote(request.path));
    }
    if (!response)
        co_return render_error_page(error_pages, 500, &request);
    co_return std::move(*response);
}

Response render_error_page(ErrorPageRenderer const& error_pages, int status, Request const* request)
{
    if (error_pages) {
        try {
            return error_pages(status, request);
        } catch (std::exception const& error) {
            spdlog::error("error page {} failed: {}", status, json_quote(error.what()));
        }
    }
    return Response::text(std::to_string(status) + " " + std::string(status_reason(status)) + "\n", "text/plain", status);
}

}
