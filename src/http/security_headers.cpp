#include "http/security_headers.h"

#include <array>
#include <utility>

namespace http {

void apply_security_headers(Response& response)
{
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 5> defaults { {
        { "Content-Security-Policy", content_security_policy },
        { "X-Content-Type-Options", "nosniff" },
        { "Referrer-Policy", "strict-origin-when-cross-origin" },
        // Old browsers ignore frame-ancestors; this is their equivalent.
        { "X-Frame-Options", "DENY" },
        { "Permissions-Policy", "interest-cohort=()" },
    } };
    for (auto const& [name, value] : defaults) {
        if (response.header(name).empty())
            response.headers.emplace_back(name, value);
    }
}

}
