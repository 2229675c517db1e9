// The security headers every response carries, error pages included (SECURITY.md point 12).
// A header the handler already set wins, so a page can loosen or tighten one on purpose
// (e.g. Referrer-Policy: no-referrer on pages whose URL holds a token).
#pragma once

#include "http/response.h"

#include <string_view>

namespace http {

// No inline script or style, no plugins, no <base>, no framing, forms post only to the site.
inline constexpr std::string_view content_security_policy
    = "default-src 'self'; img-src 'self' https: data:; script-src 'self'; style-src 'self'; "
      "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

// Adds each security header the response does not already have.
void apply_security_headers(Response& response);

}
