#include "cli/commands.h"
#include "cli/site.h"

#include <fmt/format.h>

namespace cli {

int run_migrate(app::Config const& config)
{
    auto site = open_site(config);
    site->database->close();
    fmt::print("The database at {} is up to date.\n", config.effective_database_url());
    return 0;
}

}
