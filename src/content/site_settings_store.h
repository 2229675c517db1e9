// Site-wide settings kept in the database (name, tagline, description), so every node
// agrees on them and an admin can change them at run time.
#pragma once

#include "storage/database.h"

#include <optional>
#include <string>

namespace content {

struct SiteSettings {
    std::string name = "Tribune";
    std::string tagline = "A community publication";
    std::string description;
    std::string language = "en";
    int posts_per_page = 10;
};

class SiteSettingsStore {
public:
    explicit SiteSettingsStore(storage::Database& database)
        : m_database(database)
    {
    }

    // Stored values over the defaults above.
    SiteSettings load() const;
    void save(storage::Transaction& transaction, SiteSettings const& settings) const;

private:
    storage::Database& m_database;
};

}
