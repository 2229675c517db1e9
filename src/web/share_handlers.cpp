#include "web/share_handlers.h"

#include "core/percent_encoding.h"
#include "web/error_pages.h"

#include <algorithm>
#include <cctype>
#include <fmt/format.h>

namespace web {

namespace {

constexpr std::size_t max_host_length = 253; // RFC 1035
constexpr std::size_t max_shared_text = 2000;

// The share form submits to another site, so this page's CSP must allow https form targets.
constexpr char const* share_page_policy = "default-src 'self'; img-src 'self' https: data:; script-src 'self'; style-src 'self'; "
                                          "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self' https:";

// Only links to this site may be shared through this page, so it cannot be used to dress up other URLs.
bool is_site_url(Context const& context, std::string_view url)
{
    return url == context.base_url || url.starts_with(context.base_url + "/");
}

http::Response share_page(Context const& context, std::string url, std::string text, std::string instance = {}, std::string error = {})
{
    render::MastodonSharePageView view;
    view.site = context.site_view();
    view.meta.title = "Share on Mastodon";
    view.meta.canonical_url = context.absolute_url("/share/mastodon");
    view.meta.noindex = true;
    view.url = std::move(url);
    view.text = std::move(text);
    view.instance = std::move(instance);
    view.error = std::move(error);
    auto response = http::Response::html(context.theme.mastodon_share_page(view), view.error.empty() ? 200 : 400);
    response.set_header("Content-Security-Policy", share_page_policy);
    response.set_header("Cache-Control", "no-store");
    return response;
}

}

std::optional<std::string> mastodon_instance_host(std::string_view typed)
{
    while (!typed.empty() && std::isspace(static_cast<unsigned char>(typed.front())))
        typed.remove_prefix(1);
    while (!typed.empty() && (std::isspace(static_cast<unsigned char>(typed.back())) || typed.back() == '/'))
        typed.remove_suffix(1);
    if (typed.starts_with("https://"))
        typed.remove_prefix(8);
    else if (typed.starts_with("http://"))
        typed.remove_prefix(7);
    if (auto const at = typed.rfind('@'); at != std::string_view::npos) // "@alice@example.social" names the instance too
        typed.remove_prefix(at + 1);
    std::string host;
    for (char c : typed)
        host.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    bool const valid_characters = std::ranges::all_of(host, [](unsigned char c) { return std::isalnum(c) || c == '.' || c == '-'; });
    if (host.empty() || host.size() > max_host_length || !valid_characters || host.find('.') == std::string::npos
        || host.front() == '.' || host.back() == '.' || host.front() == '-' || host.find("..") != std::string::npos)
        return std::nullopt;
    return host;
}

// GET /share/mastodon?url=&text=
boost::asio::awaitable<http::Response> show_mastodon_share(http::Request const& request, Context& context)
{
    auto const url = request.query_param("url").value_or("");
    auto const text = request.query_param("text").value_or("");
    if (!is_site_url(context, url) || text.size() > max_shared_text)
        co_return error_page(context, 400, &request, "This page shares articles of this site only.");
    co_return share_page(context, url, text);
}

// GET /share/mastodon/go?instance=&url=&text=: on to the instance's own share form.
boost::asio::awaitable<http::Response> go_mastodon_share(http::Request const& request, Context& context)
{
    auto const url = request.query_param("url").value_or("");
    auto const text = request.query_param("text").value_or("");
    auto const host = mastodon_instance_host(request.query_param("instance").value_or(""));
    if (!is_site_url(context, url) || text.size() > max_shared_text)
        co_return error_page(context, 400, &request, "This page shares articles of this site only.");
    if (!host)
        co_return share_page(context, url, text, request.query_param("instance").value_or(""), "Enter your Mastodon server's address, such as mastodon.social.");
    co_return http::Response::redirect(fmt::format("https://{}/share?text={}", *host, core::percent_encode(text + "\n" + url)));
}

}
