// Tribune's configuration and where it comes from: built-in defaults, then tribune.toml,
// then TRIBUNE_* environment variables, then command-line flags, each layer overriding the
// one before. Every layer is reduced to (key, text) pairs and parsed by one function, so a
// bad value reads the same wherever it came from: "bad value for threads: ...".
#pragma once

#include "core/error.h"
#include "http/server.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace app {

struct Config {
    std::string listen_host = "127.0.0.1";
    std::uint16_t listen_port = 8080;
    std::filesystem::path data_dir = "data";
    std::string database_url; // empty: SQLite at data_dir/tribune.db
    std::string base_url; // empty: http://listen_host:listen_port
    unsigned threads = 0; // 0: one per core
    bool demo = false;
    std::optional<std::filesystem::path> theme_dir;
    http::ServerLimits limits;

    // The database URL in effect (the default SQLite file when none is set).
    std::string effective_database_url() const;
    // The public base URL without a trailing slash.
    std::string effective_base_url() const;
};

// One configuration key as every layer names it.
struct ConfigKey {
    char const* name; // as in tribune.toml, dotted for tables: "limits.header_timeout"
    char const* environment; // TRIBUNE_...
    char const* flag; // --...
    char const* help;
};

// Every key Tribune understands, in the order `--help` lists them.
std::vector<ConfigKey> const& config_keys();

using ConfigLayer = std::vector<std::pair<std::string, std::string>>; // key name, value text

// Reads a tribune.toml into a layer. Invalid (naming the file and line) when it does not
// parse or holds an unknown key.
core::Result<ConfigLayer> read_toml_layer(std::filesystem::path const& file);
// Reads the TRIBUNE_* variables through `lookup` (getenv in production).
ConfigLayer read_environment_layer(std::function<char const*(char const*)> const& lookup);

// Applies the layers in order over the defaults. Invalid with field = the key for a bad value.
core::Result<Config> build_config(std::vector<ConfigLayer> const& layers);

}
