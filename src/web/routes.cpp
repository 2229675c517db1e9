#include "web/routes.h"

#include "web/account_handlers.h"
#include "web/error_pages.h"
#include "web/feed_handlers.h"
#include "web/page_handlers.h"
#include "web/share_handlers.h"

namespace web {

namespace {

using ContextHandler = boost::asio::awaitable<http::Response> (*)(http::Request const&, Context&);

http::Handler bind(Context& context, ContextHandler handler)
{
    return [&context, handler](http::Request const& request) { return handler(request, context); };
}

}

// Who may use each route arrives with roles (Access::Anyone for all of these for now;
// /logout and the /account pages check their session themselves).
void add_routes(http::Router& router, Context& context)
{
    router.get("/", bind(context, show_front_page));
    router.get("/page/{n:int}", bind(context, show_front_page));
    router.get("/articles/{slug}", bind(context, show_article));
    router.get("/author/{username}", bind(context, show_author));
    router.get("/author/{username}/page/{n:int}", bind(context, show_author));
    router.get("/feed", bind(context, show_rss_feed));
    router.get("/feed/atom", bind(context, show_atom_feed));
    router.get("/share/mastodon", bind(context, show_mastodon_share));
    router.get("/share/mastodon/go", bind(context, go_mastodon_share));
    router.get("/register", bind(context, show_register));
    router.get("/login", bind(context, show_sign_in));
    router.post("/login", bind(context, sign_in));
    router.post("/logout", bind(context, sign_out)); // POST only: nothing changes on GET (SECURITY.md 9)
    router.get("/account/security", bind(context, show_account_security)); // signed-in members
    router.post("/account/sessions/{id:int}/revoke", bind(context, revoke_session)); // signed-in, CSRF
    router.post("/account/sessions/revoke-others", bind(context, revoke_other_sessions)); // signed-in, CSRF
    router.get("/static/{file}", bind(context, serve_static));
    router.get("/healthz", bind(context, show_health));
}

http::ErrorPageRenderer make_error_page_renderer(Context& context)
{
    return [&context](int status, http::Request const* request) { return error_page(context, status, request); };
}

}
