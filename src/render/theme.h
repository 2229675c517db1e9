// A theme: ctemplate templates with HTML auto-escaping plus static files (CSS, images).
// The default theme is compiled into the binary; a site may point at its own folder with
// the same file names. Loaded once at start; rendering is thread-safe.
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
    // The embedded default theme, or the folder's templates when a folder is given.
    // Throws std::runtime_error naming the file when a template does not parse.
    static std::unique_ptr<Theme> load(std::optional<std::filesystem::path> folder = std::nullopt);
    ~Theme();

    std::string front_page(FrontPageView const& view) const;
    std::string article_page(ArticlePageView const& view) const;
    std::string author_page(AuthorPageView const& view) const;
    std::string error_page(ErrorPageView const& view) const;
    std::string notice_page(NoticePageView const& view) const;

    // A file under static/ ("style.css"), or nullopt. Never a dotfile or a path with "..".
    std::optional<StaticFile> static_file(std::string_view name) const;

private:
    Theme();
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

}
