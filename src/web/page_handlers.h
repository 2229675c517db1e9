// The public HTML pages: front page, article, author, and the small pages around them.
// Each handler parses its input, reads through the stores and renders with the theme.
#pragma once

#include "http/request.h"
#include "http/response.h"
#include "web/context.h"

#include <boost/asio/awaitable.hpp>

namespace web {

using Page = boost::asio::awaitable<http::Response>;

Page show_front_page(http::Request const& request, Context& context);
Page show_article(http::Request const& request, Context& context);
Page show_author(http::Request const& request, Context& context);
Page show_register(http::Request const& request, Context& context);
Page serve_static(http::Request const& request, Context& context);
Page show_health(http::Request const& request, Context& context);

}
