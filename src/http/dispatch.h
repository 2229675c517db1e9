// Runs one parsed request through the router and its handler, without sockets: 404 and 405
// pages (with Allow), path parameters, and the one catch per request (STYLE.md) that turns a
// handler's exception into a logged 500. The server co_awaits it on the connection's strand.
#pragma once

#include "http/request.h"
#include "http/response.h"
#include "http/router.h"
#include "http/server.h"

#include <boost/asio/awaitable.hpp>

namespace http {

// The handler's response, or the error page for 404, 405 or 500. Never throws for a handler's
// failure; the exception is logged with the request id instead. Fills request.params.
boost::asio::awaitable<Response> dispatch(Router const& router, ErrorPageRenderer const& error_pages, Request& request);

// The renderer's page for a status, or a plain-text one when there is no renderer or it throws.
Response render_error_page(ErrorPageRenderer const& error_pages, int status, Request const* request);

}
