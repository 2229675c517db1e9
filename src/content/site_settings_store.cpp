#include "content/site_settings_store.h"

#include <charconv>

namespace content {

namespace {

constexpr auto select_settings = R"sql(
SELECT key, value FROM site_settings)sql";

constexpr auto upsert_setting = R"sql(
INSERT INTO site_settings (key, value) VALUES ($1, $2)
ON CONFLICT (key) DO UPDATE SET value = excluded.value)sql";

// A page of more than this would be slow to render and is surely a typing mistake.
constexpr int max_posts_per_page = 100;

// Digits only, within 1..max_posts_per_page; anything else keeps the default.
std::optional<int> parse_posts_per_page(std::string const& text)
{
    int value = 0;
    auto const [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc {} || end != text.data() + text.size() || value < 1 || value > max_posts_per_page)
        return std::nullopt;
    return value;
}

}

SiteSettings SiteSettingsStore::load() const
{
    SiteSettings settings;
    for (auto const& row : m_database.query(select_settings)) {
        auto const& key = row.text(0);
        auto const& value = row.text(1);
        if (key == "name")
            settings.name = value;
        else if (key == "tagline")
            settings.tagline = value;
        else if (key == "description")
            settings.description = value;
        else if (key == "language")
            settings.language = value;
        else if (key == "posts_per_page")
            settings.posts_per_page = parse_posts_per_page(value).value_or(settings.posts_per_page);
        // Other keys belong to newer versions or other features: left alone.
    }
    return settings;
}

void SiteSettingsStore::save(storage::Transaction& transaction, SiteSettings const& settings) const
{
    std::pair<std::string_view, std::string> const values[] = {
        { "name", settings.name },
        { "tagline", settings.tagline },
        { "description", settings.description },
        { "language", settings.language },
        { "posts_per_page", std::to_string(settings.posts_per_page) },
    };
    for (auto const& [key, value] : values)
        transaction.execute(upsert_setting, { key, value });
}

}
