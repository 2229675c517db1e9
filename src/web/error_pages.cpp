#include "web/error_pages.h"

#include <spdlog/spdlog.h>

namespace web {

namespace {

struct StatusText {
    int status;
    char const* title;
    char const* message;
};

constexpr StatusText status_texts[] = {
    { 400, "Bad request", "The request could not be understood." },
    { 401, "Sign-in needed", "Please sign in to see this page." },
    { 403, "Not allowed", "You are not allowed to do that." },
    { 404, "Page not found", "There is nothing at this address. It may have moved, or never existed." },
    { 405, "Method not allowed", "This address does not accept that kind of request." },
    { 409, "Conflict", "That clashes with something that already exists." },
    { 413, "Too large", "The request is larger than this site accepts." },
    { 414, "Address too long", "The address is longer than this site accepts." },
    { 429, "Slow down", "Too many requests; please wait a moment and try again." },
    { 431, "Headers too large", "The request headers are larger than this site accepts." },
    { 500, "Something went wrong", "The site could not answer this request. The error has been logged." },
    { 503, "Unavailable", "The site is busy or restarting; please try again shortly." },
};

StatusText const& text_for(int status)
{
    for (auto const& text : status_texts) {
        if (text.status == status)
            return text;
    }
    return status >= 500 ? status_texts[10] : status_texts[0];
}

}

int status_for(core::ErrorKind kind)
{
    switch (kind) {
    case core::ErrorKind::NotFound:
        return 404;
    case core::ErrorKind::Invalid:
        return 400;
    case core::ErrorKind::Conflict:
        return 409;
    case core::ErrorKind::Unauthorized:
        return 401;
    case core::ErrorKind::Forbidden:
        return 403;
    case core::ErrorKind::Throttled:
        return 429;
    }
    return 500;
}

http::Response error_page(Context const& context, int status, http::Request const* request, std::string message)
{
    auto const& text = text_for(status);
    render::ErrorPageView view;
    // An error page must render even when the database is what failed.
    try {
        view.site = context.site_view();
    } catch (std::exception const& error) {
        spdlog::error("error page without site settings: {}", error.what());
        view.site = render::SiteView { .name = "Tribune", .tagline = {}, .base_url = context.base_url };
    }
    view.status = status;
    view.title = text.title;
    view.message = message.empty() ? text.message : std::move(message);
    view.request_id = request ? request->request_id : std::string();
    auto response = http::Response::html(context.theme.error_page(view), status);
    response.set_header("Cache-Control", "no-store");
    return response;
}

http::Response error_page(Context const& context, core::Error const& error, http::Request const& request)
{
    return error_page(context, status_for(error.kind), &request, error.message);
}

}
