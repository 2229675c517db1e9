// Who is looking at a page: the member behind a valid session cookie, or nobody. Handlers call
// load_viewer() themselves (no middleware), then let the viewer decide the masthead and the
// caching of what they answer: shared caches only ever see anonymous pages (SECURITY.md 8).
// Runs on the request's I/O thread; reads the database (a failing one throws).
#pragma once

#include "auth/account_store.h"
#include "auth/session_service.h"
#include "http/request.h"
#include "http/response.h"
#include "render/views.h"
#include "web/context.h"

#include <cstdint>
#include <optional>
#include <string>

namespace web {

struct Viewer {
    std::int64_t user_id = 0;
    std::string username;
    std::string display_name;
    auth::Role role = auth::Role::Member;
    auth::ActiveSession session;
};

// The viewer of the request's session cookie; nullopt without a cookie, or when the session is
// unknown, revoked or expired, or its account is gone. Records session activity (throttled by
// SessionService).
std::optional<Viewer> load_viewer(http::Request const& request, Context const& context);

// Shows the viewer in the page's masthead ("Signed in as ...", a sign-out form with a fresh
// session-bound CSRF token); leaves the visitor's masthead for nullopt.
void show_viewer(render::PageMeta& meta, std::optional<Viewer> const& viewer);

// An HTML page: cacheable by anyone for visitors, `private, no-store` for a signed-in viewer.
http::Response page_response(std::string html, std::optional<Viewer> const& viewer);

}
