#include "cli/site.h"

#include <spdlog/spdlog.h>

namespace cli {

std::unique_ptr<Site> open_site(app::Config const& config)
{
    auto site = std::make_unique<Site>(storage::open_database(config.effective_database_url()));
    if (auto const applied = site->database->migrate(); applied > 0)
        spdlog::info("applied {} database migration(s)", applied);
    return site;
}

}
