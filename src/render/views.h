// What each page shows, as plain structs the web handlers fill and the theme renders.
// Every string here is plain text unless its name ends in _html (already sanitised HTML);
// the theme escapes the rest for its context. URLs are absolute or site-relative.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace render {

struct FeedLink {
    std::string title; // "Tribune (RSS)"
    std::string url;
    std::string media_type; // application/rss+xml, application/atom+xml
};

struct SiteView {
    std::string name;
    std::string tagline;
    std::string base_url; // no trailing slash
    std::string language = "en";
};

// <head> contents every page carries.
struct PageMeta {
    std::string title; // the <title>, without the site name
    std::string description;
    std::string canonical_url; // absolute, from base_url
    std::string og_type = "website";
    std::string image_url; // absolute; empty for none
    std::string author_name;
    std::string published_iso; // RFC 3339, articles only
    std::string modified_iso;
    std::vector<FeedLink> feeds;
    bool noindex = false;
    // Who is signed in, for the masthead: empty for visitors, who see "Sign in" instead.
    std::string viewer_name;
    std::string sign_out_csrf; // the session-bound token of the sign-out form
};

struct ArticleCard {
    std::string title;
    std::string url;
    std::string author_name;
    std::string author_url;
    std::string date_text; // "29 November 2026"
    std::string date_iso; // RFC 3339
    std::string excerpt;
    std::int64_t comment_count = 0;
};

struct Pagination {
    int page = 1;
    int total_pages = 1;
    std::string newer_url; // empty on the first page
    std::string older_url; // empty on the last page
};

struct FrontPageView {
    SiteView site;
    PageMeta meta;
    std::vector<ArticleCard> articles;
    Pagination pagination;
};

struct ShareLink {
    std::string network; // "x", "facebook", "linkedin", "reddit", "mastodon", "email", "rss"
    std::string label; // "Share on X"
    std::string url;
};

struct CommentView {
    std::string anchor; // "comment-42"
    std::string author_name;
    std::string author_url;
    std::string date_text;
    std::string date_iso;
    std::string body_html;
};

struct ArticlePageView {
    SiteView site;
    PageMeta meta;
    std::string title;
    std::string author_name;
    std::string author_url;
    std::string date_text;
    std::string date_iso;
    std::string body_html;
    std::vector<ShareLink> share_links;
    std::int64_t author_article_count = 0;
    std::string author_bio;
    std::vector<CommentView> comments;
    bool signed_in = false;
    std::string login_url; // returns to #respond after sign-in
    std::string register_url;
};

struct AuthorPageView {
    SiteView site;
    PageMeta meta;
    std::string username;
    std::string display_name;
    std::string bio;
    std::int64_t article_count = 0;
    std::vector<ArticleCard> articles;
    Pagination pagination;
};

struct ErrorPageView {
    SiteView site;
    int status = 404;
    std::string title; // "Page not found"
    std::string message;
    std::string request_id;
};

// A page that only says something (the /register placeholder, setup notes...).
struct NoticePageView {
    SiteView site;
    PageMeta meta;
    std::string heading;
    std::string message;
};

// The sign-in form (GET /login, and re-shown by POST /login). Works without JavaScript.
struct SignInPageView {
    SiteView site;
    PageMeta meta;
    std::string csrf_token; // bound to the pre-session cookie
    std::string next; // site-relative path to return to
    std::string error; // empty, or why the last attempt failed
};

// One row of the "your sessions" page.
struct SessionRow {
    std::int64_t id = 0;
    std::string device; // "Firefox on Linux" (web/device_description.h)
    std::string address;
    std::string started_text; // "29 November 2026, 08:30 UTC"
    std::string started_iso; // RFC 3339
    std::string last_active_text;
    std::string last_active_iso;
    bool current = false; // the session this page was requested with: no revoke button
    std::string revoke_url; // empty for the current session
};

// GET /account/security: the member's live sessions, each other one with a sign-out button.
struct AccountSecurityPageView {
    SiteView site;
    PageMeta meta;
    std::vector<SessionRow> sessions; // most recently active first
    std::string csrf_token; // session-bound, for the revoke forms
};

// The first-party Mastodon share page: asks for the reader's instance, then sends them on.
struct MastodonSharePageView {
    SiteView site;
    PageMeta meta;
    std::string url; // the article's canonical URL
    std::string text; // its title
    std::string instance; // what the reader typed, when re-shown with an error
    std::string error;
};

// The share links of an article: RSS (the site feed), X, Facebook, LinkedIn, Reddit, Mastodon
// and e-mail, each carrying the canonical URL and the title percent-encoded for its query.
std::vector<ShareLink> make_share_links(std::string const& canonical_url, std::string const& title, std::string const& feed_url, std::string const& site_url);

}
