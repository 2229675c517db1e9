// An HTTP response as handlers build it. The server adds Date, Content-Length, the
// security headers and compression; handlers set status, content type and body.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace http {

struct Response {
    int status = 200;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;

    // Replaces any header of that name (case-insensitive).
    void set_header(std::string_view name, std::string value);
    std::string_view header(std::string_view name) const;

    static Response html(std::string body, int status = 200);
    static Response text(std::string body, std::string content_type, int status = 200);
    // 303 See Other for a form post, 301 for a moved page. `location` must be site-relative or absolute on the site.
    static Response redirect(std::string location, int status = 303);
};

// The reason phrase for a status code ("Not Found").
std::string_view status_reason(int status);

}
