#include "content/site_settings_store.h"

#include "../storage/temporary_database.h"

#include <gtest/gtest.h>

using content::SiteSettings;
using content::SiteSettingsStore;
using testing_support::TemporaryDatabase;

namespace {

void save(storage::Database& database, SiteSettings const& settings)
{
    auto transaction = database.begin();
    SiteSettingsStore(database).save(transaction, settings);
    transaction.commit();
}

void store_raw(storage::Database& database, std::string_view key, std::string_view value)
{
    auto transaction = database.begin();
    transaction.execute("INSERT INTO site_settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value", { key, value });
    transaction.commit();
}

}

TEST(SiteSettingsStore, GivesTheDefaultsWhenNothingIsStored)
{
    TemporaryDatabase database;
    auto const settings = SiteSettingsStore(*database).load();
    SiteSettings const defaults;
    EXPECT_EQ(settings.name, defaults.name);
    EXPECT_EQ(settings.tagline, defaults.tagline);
    EXPECT_EQ(settings.description, defaults.description);
    EXPECT_EQ(settings.language, defaults.language);
    EXPECT_EQ(settings.posts_per_page, defaults.posts_per_page);
}

TEST(SiteSettingsStore, RoundTripsAndOverwrites)
{
    TemporaryDatabase database;
    SiteSettings settings {
        .name = "The Quire",
        .tagline = "Notes & queries — “quoted”",
        .description = "A line\nand another",
        .language = "fr",
        .posts_per_page = 25,
    };
    save(*database, settings);
    settings.name = "The Quire, renamed";
    settings.posts_per_page = 7;
    save(*database, settings);

    auto const loaded = SiteSettingsStore(*database).load();
    EXPECT_EQ(loaded.name, "The Quire, renamed");
    EXPECT_EQ(loaded.tagline, "Notes & queries — “quoted”");
    EXPECT_EQ(loaded.description, "A line\nand another");
    EXPECT_EQ(loaded.language, "fr");
    EXPECT_EQ(loaded.posts_per_page, 7);
    EXPECT_EQ(database->query_one("SELECT COUNT(*) FROM site_settings")->integer(0), 5);
}

TEST(SiteSettingsStore, KeepsTheDefaultPageSizeForUnusableValues)
{
    struct Case {
        std::string_view stored;
        int loaded;
    } const cases[] = {
        { "25", 25 },
        { "1", 1 },
        { "100", 100 },
        { "0", 10 },
        { "101", 10 },
        { "-5", 10 },
        { "abc", 10 },
        { "12abc", 10 },
        { "", 10 },
        { " 12", 10 },
        { "99999999999999999999", 10 },
    };
    for (auto const& c : cases) {
        TemporaryDatabase database;
        store_raw(*database, "posts_per_page", c.stored);
        EXPECT_EQ(SiteSettingsStore(*database).load().posts_per_page, c.loaded) << '"' << c.stored << '"';
    }
}

TEST(SiteSettingsStore, IgnoresKeysItDoesNotKnow)
{
    TemporaryDatabase database;
    store_raw(*database, "theme", "dark");
    store_raw(*database, "name", "Known");
    auto const loaded = SiteSettingsStore(*database).load();
    EXPECT_EQ(loaded.name, "Known");
    EXPECT_EQ(loaded.tagline, SiteSettings {}.tagline);
}
