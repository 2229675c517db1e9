// Sharing to Mastodon, which has no central share URL: a first-party page asks for the
// reader's instance and sends them to that instance's own share form.
#pragma once

#include "http/request.h"
#include "http/response.h"
#include "web/context.h"

#include <boost/asio/awaitable.hpp>

namespace web {

boost::asio::awaitable<http::Response> show_mastodon_share(http::Request const& request, Context& context);
boost::asio::awaitable<http::Response> go_mastodon_share(http::Request const& request, Context& context);

// The host name part of what a reader typed ("mastodon.social", "https://fosstodon.org/"),
// or nullopt when it is not a plain DNS host name (no paths, ports, user info or spaces).
std::optional<std::string> mastodon_instance_host(std::string_view typed);

}
