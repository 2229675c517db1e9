// What the web handlers need to answer a request: the stores they read, the theme they
// render with, and the public base URL. Built once in `tribune serve`; shared by every
// I/O thread, so everything reachable from here is safe to use concurrently.
#pragma once

#include "content/article_store.h"
#include "content/author_store.h"
#include "content/comment_store.h"
#include "content/site_settings_store.h"
#include "render/theme.h"
#include "render/views.h"
#include "storage/database.h"

#include <string>

namespace web {

struct Context {
    storage::Database& database;
    content::ArticleStore const& articles;
    content::CommentStore const& comments;
    content::AuthorStore const& authors;
    content::SiteSettingsStore const& settings;
    render::Theme const& theme;
    std::string base_url; // no trailing slash

    // The site's name, tagline and URL as pages show them (read from the settings store).
    render::SiteView site_view() const;
    // base_url + path: every canonical URL is built from configuration, never the Host header.
    std::string absolute_url(std::string_view path) const { return base_url + std::string(path); }
};

// Site-relative URLs of the public pages, in one place.
std::string article_path(std::string_view slug);
std::string author_path(std::string_view username);
// The feed links every page advertises (RSS and Atom for the site).
std::vector<render::FeedLink> site_feed_links(Context const& context, std::string const& site_name);

}
