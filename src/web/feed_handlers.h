// The site's feeds: the newest published articles as RSS 2.0 and Atom 1.0, full content.
#pragma once

#include "http/request.h"
#include "http/response.h"
#include "web/context.h"

#include <boost/asio/awaitable.hpp>

namespace web {

boost::asio::awaitable<http::Response> show_rss_feed(http::Request const& request, Context& context);
boost::asio::awaitable<http::Response> show_atom_feed(http::Request const& request, Context& context);

}
