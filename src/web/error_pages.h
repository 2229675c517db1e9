// Error pages, and the one place where an expected failure (core::Error) becomes an HTTP
// status: NotFound 404, Invalid 400, Conflict 409, Unauthorized 401, Forbidden 403, Throttled 429.
#pragma once

#include "core/error.h"
#include "http/request.h"
#include "http/response.h"
#include "web/context.h"

namespace web {

int status_for(core::ErrorKind kind);

// A themed page for a status the server or a handler answers with.
http::Response error_page(Context const& context, int status, http::Request const* request, std::string message = {});
// The page for an expected failure, with its message.
http::Response error_page(Context const& context, core::Error const& error, http::Request const& request);

}
