// Signing in and out: the sign-in form, checking it, and ending a session. The handlers parse
// and answer; the throttle, the password check and the cookies are in sign_in.h.
#pragma once

#include "http/request.h"
#include "http/response.h"
#include "web/context.h"

#include <boost/asio/awaitable.hpp>

namespace web {

boost::asio::awaitable<http::Response> show_sign_in(http::Request const& request, Context& context);
boost::asio::awaitable<http::Response> sign_in(http::Request const& request, Context& context);
boost::asio::awaitable<http::Response> sign_out(http::Request const& request, Context& context);

}
