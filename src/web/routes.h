// Every URL the site answers, in one table (routes.cpp), and the error pages the server uses.
#pragma once

#include "http/router.h"
#include "http/server.h"
#include "web/context.h"

namespace web {

void add_routes(http::Router& router, Context& context);
http::ErrorPageRenderer make_error_page_renderer(Context& context);

}
