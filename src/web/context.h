// What the web handlers need to answer a request: the stores they read, the account services
// for sign-in and sessions, the theme they render with, and the public base URL. Built once
// in `tribune serve`; shared by every I/O thread, so everything reachable from here is safe
// to use concurrently.
#pragma once

#include "auth/account_store.h"
#include "auth/session_service.h"
#include "auth/throttle.h"
#include "content/article_store.h"
#include "content/author_store.h"
#include "content/comment_store.h"
#include "content/site_settings_store.h"
#include "http/cookies.h"
#include "render/theme.h"
#include "render/views.h"
#include "storage/database.h"
#include "web/blocking_pool.h"

#include <string>
#include <vector>

namespace web {

// Secrets and settings of the sign-in flow, made once at start-up.
struct SignInSettings {
    // Keys the anonymous CSRF tokens of forms shown before sign-in (auth/csrf.h); from a
    // 0600 key file in the data folder, so tokens survive a restart and nodes can share it.
    std::vector<unsigned char> csrf_key;
    // An argon2id hash of a random password with the same parameters as real ones: unknown
    // usernames are verified against it, so they cost the same time as known ones (SECURITY.md 3).
    std::string dummy_password_hash;
    // Plain until TLS arrives; picks the cookie names (__Host- prefix and Secure under TLS).
    http::Transport transport = http::Transport::Plain;
};

struct Context {
    storage::Database& database;
    content::ArticleStore const& articles;
    content::CommentStore const& comments;
    content::AuthorStore const& authors;
    content::SiteSettingsStore const& settings;
    auth::AccountStore const& accounts;
    auth::SessionService const& sessions;
    auth::ThrottleService const& throttles;
    BlockingPool& blocking; // argon2id runs here, never on an I/O thread
    SignInSettings const& sign_in;
    render::Theme const& theme;
    std::string base_url; // no trailing slash

    // The site's name, tagline and URL as pages show them (read from the settings store).
    render::SiteView site_view() const;
    // The same from settings the caller has already loaded (saves a second read).
    render::SiteView site_view(content::SiteSettings const& stored) const;
    // base_url + path: every canonical URL is built from configuration, never the Host header.
    std::string absolute_url(std::string_view path) const { return base_url + std::string(path); }
};

// Site-relative URLs of the public pages, in one place.
std::string article_path(std::string_view slug);
std::string author_path(std::string_view username);
// The feed links every page advertises (RSS and Atom for the site).
std::vector<render::FeedLink> site_feed_links(Context const& context, std::string const& site_name);

}
