// Signing in and out (the sign-in form, checking it, ending a session) and the member's own
// sessions page, where other sessions can be ended. The handlers parse and answer; the
// throttle, the password check and the cookies are in sign_in.h, the rules in SessionService.
#pragma once

#include "http/request.h"
#include "http/response.h"
#include "web/context.h"

#include <boost/asio/awaitable.hpp>

namespace web {

boost::asio::awaitable<http::Response> show_sign_in(http::Request const& request, Context& context);
boost::asio::awaitable<http::Response> sign_in(http::Request const& request, Context& context);
boost::asio::awaitable<http::Response> sign_out(http::Request const& request, Context& context);
// The sessions page; visitors are sent to sign in first.
boost::asio::awaitable<http::Response> show_account_security(http::Request const& request, Context& context);
// Ends one of the member's other sessions; 404 for an id that is not a live session of theirs.
boost::asio::awaitable<http::Response> revoke_session(http::Request const& request, Context& context);
// Ends every session of the member but the one making the request.
boost::asio::awaitable<http::Response> revoke_other_sessions(http::Request const& request, Context& context);

}
