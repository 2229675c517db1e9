#include "cli/options.h"

#include <cstdlib>
#include <filesystem>

namespace cli {

void ConfigOptions::add_to(CLI::App& command, Scope scope)
{
    command.add_option("--config", m_config_file, "TOML configuration file (default: ./tribune.toml when present; env TRIBUNE_CONFIG)");
    for (auto const& key : app::config_keys()) {
        std::string const name = key.name;
        bool const site_key = name == "data_dir" || name == "db" || name == "base_url";
        if (scope == Scope::SiteOnly && !site_key)
            continue;
        std::string const help = std::string(key.help) + " [env " + key.environment + "]";
        if (name == "demo") {
            command.add_flag(key.flag, m_demo, help);
            continue;
        }
        command.add_option(key.flag, m_values[name], help);
    }
}

core::Result<app::Config> ConfigOptions::load() const
{
    std::vector<app::ConfigLayer> layers;
    std::optional<std::filesystem::path> file;
    if (m_config_file)
        file = *m_config_file;
    else if (char const* from_environment = std::getenv("TRIBUNE_CONFIG"))
        file = from_environment;
    else if (std::filesystem::exists("tribune.toml"))
        file = "tribune.toml";
    if (file) {
        if (!std::filesystem::exists(*file))
            return core::fail(core::ErrorKind::Invalid, "bad value for config: no file at " + file->string(), "config");
        auto layer = app::read_toml_layer(*file);
        if (!layer)
            return std::unexpected(layer.error());
        layers.push_back(std::move(*layer));
    }
    layers.push_back(app::read_environment_layer([](char const* name) { return std::getenv(name); }));

    app::ConfigLayer flags;
    for (auto const& [name, value] : m_values) {
        if (value)
            flags.emplace_back(name, *value);
    }
    if (m_demo)
        flags.emplace_back("demo", "true");
    layers.push_back(std::move(flags));
    return app::build_config(layers);
}

}
