// Command-line options shared by the subcommands: every configuration key as a flag, and
// --config. Turning them into an app::Config applies tribune.toml < TRIBUNE_* < flags.
#pragma once

#include "app/config.h"
#include "core/error.h"

#include <CLI/CLI.hpp>
#include <map>
#include <optional>
#include <string>

namespace cli {

class ConfigOptions {
public:
    // Adds --config and a flag per configuration key to `command` (serve takes them all;
    // the others only the keys that say where the site lives).
    enum class Scope { Serve,
        SiteOnly };
    void add_to(CLI::App& command, Scope scope);
    // Layers the configuration: defaults, the TOML file (--config, TRIBUNE_CONFIG, or
    // ./tribune.toml when present), the environment, then these flags.
    core::Result<app::Config> load() const;

private:
    std::optional<std::string> m_config_file;
    std::map<std::string, std::optional<std::string>> m_values; // key name -> flag value
    bool m_demo = false;
};

}
