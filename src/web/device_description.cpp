#include "web/device_description.h"

#include <span>

namespace web {

namespace {

struct Marker {
    std::string_view token; // found anywhere in the header, case-sensitive as browsers send it
    std::string_view name;
};

// Order matters: user agents claim to be their predecessors. Edge and Opera say "Chrome",
// Chrome says "Safari", Chrome and Firefox on iOS have their own tokens.
constexpr Marker browsers[] = {
    { "Edg/", "Edge" },
    { "EdgA/", "Edge" },
    { "EdgiOS/", "Edge" },
    { "OPR/", "Opera" },
    { "SamsungBrowser/", "Samsung Internet" },
    { "Firefox/", "Firefox" },
    { "FxiOS/", "Firefox" },
    { "CriOS/", "Chrome" },
    { "Chromium/", "Chromium" },
    { "Chrome/", "Chrome" },
    { "Safari/", "Safari" },
};

// iPhone and iPad before "Mac OS X" (their headers say "like Mac OS X"), Android and ChromeOS
// before Linux (both say "Linux").
constexpr Marker systems[] = {
    { "iPhone", "iPhone" },
    { "iPad", "iPad" },
    { "Android", "Android" },
    { "CrOS", "ChromeOS" },
    { "Windows", "Windows" },
    { "Macintosh", "macOS" },
    { "Mac OS X", "macOS" },
    { "Linux", "Linux" },
    { "FreeBSD", "FreeBSD" },
};

// Programs that are not browsers name themselves first, e.g. "curl/8.5.0".
constexpr Marker tools[] = {
    { "curl/", "curl" },
    { "Wget/", "Wget" },
    { "python-requests/", "Python" },
    { "Python-urllib/", "Python" },
};

std::string_view first_match(std::span<Marker const> markers, std::string_view user_agent)
{
    for (auto const& marker : markers)
        if (user_agent.find(marker.token) != std::string_view::npos)
            return marker.name;
    return {};
}

}

std::string describe_device(std::string_view user_agent)
{
    for (auto const& tool : tools)
        if (user_agent.starts_with(tool.token))
            return std::string(tool.name);
    auto const browser = first_match(browsers, user_agent);
    auto const system = first_match(systems, user_agent);
    if (!browser.empty() && !system.empty())
        return std::string(browser) + " on " + std::string(system);
    if (!browser.empty())
        return std::string(browser);
    if (!system.empty())
        return "Unknown browser on " + std::string(system);
    return "Unknown device";
}

}
