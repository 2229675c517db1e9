// A theme: ctemplate templates with HTML auto-escaping plus static files (CSS, images).
// The default theme is compiled into the binary; a site may point at its own folder with
// the same file names (layout.tpl frames every page; see themes/default). Loaded once at
// start into a frozen template cache; rendering is const and safe from any thread.
#pragma once

#include "render/views.h"

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace render {

struct StaticFile {
    std::string_view bytes;
    std::string_view media_type; // "text/css; charset=utf-8"
};

class Theme {
public:
    // The embedded default theme; with a folder, each file there replaces the embedded file of
    // the same name, so a site may override only some templates (dotfiles are ignored).
    // Throws std::runtime_error naming the file when a template does not parse, or when the
    // folder does not exist.
    static std::unique_ptr<Theme> load(std::optional<std::filesystem::path> folder = std::nullopt);
    ~Theme();

    std::string front_page(FrontPageView const& view) const;
    std::string article_page(ArticlePageView const& view) const;
    std::string author_page(AuthorPageView const& view) const;
    std::string error_page(ErrorPageView const& view) const;
    std::string notice_page(NoticePageView const& view) const;
    std::string mastodon_share_page(MastodonSharePageView const& view) const;
    std::string sign_in_page(SignInPageView const& view) const;
    std::string account_security_page(AccountSecurityPageView const& view) const;

    // A file under static/ ("style.css"), or nullopt. Never a dotfile or a path with "..",
    // nor a file whose type is not one a theme serves (css, js, svg, png, ico, jpg, webp, gif,
    // woff, woff2, txt).
    std::optional<StaticFile> static_file(std::string_view name) const;

private:
    Theme();
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

}
