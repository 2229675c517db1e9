#include "app/config.h"

#include <algorithm>
#include <charconv>
#include <fmt/format.h>
#include <toml++/toml.h>

namespace app {

namespace {

constexpr std::uint64_t max_bytes_limit = 1ull << 32; // 4 GiB: more is a typo, not a setting

core::Result<std::uint64_t> parse_unsigned(std::string const& key, std::string const& text, std::uint64_t min, std::uint64_t max)
{
    std::uint64_t value = 0;
    auto const* end = text.data() + text.size();
    auto const [rest, error] = std::from_chars(text.data(), end, value);
    if (text.empty() || error != std::errc {} || rest != end || value < min || value > max)
        return core::fail(core::ErrorKind::Invalid, fmt::format("bad value for {}: '{}' (expected a whole number from {} to {})", key, text, min, max), key);
    return value;
}

core::Result<bool> parse_bool(std::string const& key, std::string const& text)
{
    if (text == "true" || text == "1" || text == "yes" || text == "on")
        return true;
    if (text == "false" || text == "0" || text == "no" || text == "off" || text.empty())
        return false;
    return core::fail(core::ErrorKind::Invalid, fmt::format("bad value for {}: '{}' (expected true or false)", key, text), key);
}

core::Result<void> parse_listen(std::string const& key, std::string const& text, Config& config)
{
    // HOST:PORT, with [v6]:PORT for IPv6 literals.
    auto const colon = text.rfind(':');
    std::string host = colon == std::string::npos ? std::string() : text.substr(0, colon);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
        host = host.substr(1, host.size() - 2);
    auto bad = [&] { return core::fail(core::ErrorKind::Invalid, fmt::format("bad value for {}: '{}' (expected HOST:PORT, e.g. 127.0.0.1:8080)", key, text), key); };
    if (colon == std::string::npos || host.empty() || host.find_first_of(" /") != std::string::npos)
        return bad();
    auto port = parse_unsigned(key, text.substr(colon + 1), 0, 65535);
    if (!port)
        return bad();
    config.listen_host = host;
    config.listen_port = static_cast<std::uint16_t>(*port);
    return {};
}

core::Result<void> parse_base_url(std::string const& key, std::string text, Config& config)
{
    while (!text.empty() && text.back() == '/')
        text.pop_back();
    bool const has_scheme = text.starts_with("http://") || text.starts_with("https://");
    auto const host_start = text.find("://") + 3;
    if (!has_scheme || text.size() <= host_start || text.find_first_of(" \t\r\n\"'<>?#") != std::string::npos)
        return core::fail(core::ErrorKind::Invalid, fmt::format("bad value for {}: '{}' (expected an http:// or https:// URL without query)", key, text), key);
    config.base_url = text;
    return {};
}

core::Result<void> apply_seconds(std::string const& key, std::string const& text, std::chrono::seconds& target)
{
    auto value = parse_unsigned(key, text, 1, 24 * 3600);
    if (!value)
        return std::unexpected(value.error());
    target = std::chrono::seconds(*value);
    return {};
}

core::Result<void> apply_size(std::string const& key, std::string const& text, std::size_t& target, std::uint64_t min)
{
    auto value = parse_unsigned(key, text, min, max_bytes_limit);
    if (!value)
        return std::unexpected(value.error());
    target = static_cast<std::size_t>(*value);
    return {};
}

core::Result<void> apply(std::string const& key, std::string const& text, Config& config)
{
    if (key == "listen")
        return parse_listen(key, text, config);
    if (key == "data_dir") {
        if (text.empty())
            return core::fail(core::ErrorKind::Invalid, "bad value for data_dir: it must not be empty", key);
        config.data_dir = text;
        return {};
    }
    if (key == "db") {
        config.database_url = text;
        return {};
    }
    if (key == "base_url")
        return parse_base_url(key, text, config);
    if (key == "threads") {
        auto value = parse_unsigned(key, text, 0, 256);
        if (!value)
            return std::unexpected(value.error());
        config.threads = static_cast<unsigned>(*value);
        return {};
    }
    if (key == "demo") {
        auto value = parse_bool(key, text);
        if (!value)
            return std::unexpected(value.error());
        config.demo = *value;
        return {};
    }
    if (key == "theme_dir") {
        config.theme_dir = text.empty() ? std::nullopt : std::optional<std::filesystem::path>(text);
        return {};
    }
    if (key == "limits.header_timeout")
        return apply_seconds(key, text, config.limits.header_timeout);
    if (key == "limits.body_timeout")
        return apply_seconds(key, text, config.limits.body_timeout);
    if (key == "limits.write_timeout")
        return apply_seconds(key, text, config.limits.write_timeout);
    if (key == "limits.idle_timeout")
        return apply_seconds(key, text, config.limits.idle_timeout);
    if (key == "limits.shutdown_grace")
        return apply_seconds(key, text, config.limits.shutdown_grace);
    if (key == "limits.max_header_bytes")
        return apply_size(key, text, config.limits.header_bytes, 1024);
    if (key == "limits.max_body_bytes")
        return apply_size(key, text, config.limits.body_bytes, 0);
    if (key == "limits.max_connections")
        return apply_size(key, text, config.limits.max_connections, 1);
    return core::fail(core::ErrorKind::Invalid, fmt::format("unknown configuration key {}", key), key);
}

std::string toml_value_text(toml::node const& node)
{
    if (auto const* text = node.as_string())
        return text->get();
    if (auto const* integer = node.as_integer())
        return std::to_string(integer->get());
    if (auto const* boolean = node.as_boolean())
        return boolean->get() ? "true" : "false";
    if (auto const* real = node.as_floating_point())
        return fmt::format("{}", real->get());
    // Arrays, tables, dates: no key takes them; the key's parser rejects this text.
    return "(an array, table or date)";
}

}

std::string Config::effective_database_url() const
{
    if (!database_url.empty())
        return database_url;
    return "sqlite://" + std::filesystem::absolute(data_dir / "tribune.db").string();
}

std::string Config::effective_base_url() const
{
    if (!base_url.empty())
        return base_url;
    bool const v6 = listen_host.find(':') != std::string::npos;
    return fmt::format("http://{}{}{}:{}", v6 ? "[" : "", listen_host, v6 ? "]" : "", listen_port);
}

std::vector<ConfigKey> const& config_keys()
{
    static std::vector<ConfigKey> const keys = {
        { "listen", "TRIBUNE_LISTEN", "--listen", "HOST:PORT to serve on (default 127.0.0.1:8080)" },
        { "data_dir", "TRIBUNE_DATA_DIR", "--data-dir", "folder for the SQLite database and uploads (default ./data)" },
        { "db", "TRIBUNE_DB", "--db", "database URL, e.g. sqlite:///srv/tribune/tribune.db (default: tribune.db in the data folder)" },
        { "base_url", "TRIBUNE_BASE_URL", "--base-url", "public URL of the site, used for canonical links and feeds (default http://LISTEN)" },
        { "threads", "TRIBUNE_THREADS", "--threads", "I/O threads; 0 means one per core (default 0)" },
        { "demo", "TRIBUNE_DEMO", "--demo", "fill an empty site with the demo content" },
        { "theme_dir", "TRIBUNE_THEME_DIR", "--theme-dir", "folder of a theme to use instead of the built-in one" },
        { "limits.header_timeout", "TRIBUNE_HEADER_TIMEOUT", "--header-timeout", "seconds a client has to send the request head (default 10)" },
        { "limits.body_timeout", "TRIBUNE_BODY_TIMEOUT", "--body-timeout", "seconds a client has to send the request body (default 30)" },
        { "limits.write_timeout", "TRIBUNE_WRITE_TIMEOUT", "--write-timeout", "seconds a response may take to reach the client (default 30)" },
        { "limits.idle_timeout", "TRIBUNE_IDLE_TIMEOUT", "--idle-timeout", "seconds an idle keep-alive connection stays open (default 60)" },
        { "limits.max_header_bytes", "TRIBUNE_MAX_HEADER_BYTES", "--max-header-bytes", "largest request head in bytes; larger gets 431 (default 16384)" },
        { "limits.max_body_bytes", "TRIBUNE_MAX_BODY_BYTES", "--max-body-bytes", "largest request body in bytes; larger gets 413 (default 1048576)" },
        { "limits.max_connections", "TRIBUNE_MAX_CONNECTIONS", "--max-connections", "most concurrent connections; more are closed at once (default 10000)" },
        { "limits.shutdown_grace", "TRIBUNE_SHUTDOWN_GRACE", "--shutdown-grace", "seconds in-flight requests get to finish on SIGTERM (default 10)" },
    };
    return keys;
}

core::Result<ConfigLayer> read_toml_layer(std::filesystem::path const& file)
{
    toml::table table;
    try {
        table = toml::parse_file(file.string());
    } catch (toml::parse_error const& error) {
        return core::fail(core::ErrorKind::Invalid,
            fmt::format("cannot read {}: {} (line {})", file.string(), error.description(), error.source().begin.line), "config");
    }
    ConfigLayer layer;
    core::Result<void> problem;
    auto add = [&](std::string const& key, toml::node const& node) {
        bool const known = std::ranges::any_of(config_keys(), [&](ConfigKey const& k) { return key == k.name; });
        if (!known && problem)
            problem = core::fail(core::ErrorKind::Invalid, fmt::format("unknown key {} in {}", key, file.string()), key);
        layer.emplace_back(key, toml_value_text(node));
    };
    for (auto const& [name, node] : table) {
        std::string const key(name.str());
        if (auto const* sub = node.as_table()) {
            for (auto const& [sub_name, sub_node] : *sub)
                add(key + "." + std::string(sub_name.str()), sub_node);
        } else {
            add(key, node);
        }
    }
    if (!problem)
        return std::unexpected(problem.error());
    return layer;
}

ConfigLayer read_environment_layer(std::function<char const*(char const*)> const& lookup)
{
    ConfigLayer layer;
    for (auto const& key : config_keys()) {
        if (char const* value = lookup(key.environment))
            layer.emplace_back(key.name, value);
    }
    return layer;
}

core::Result<Config> build_config(std::vector<ConfigLayer> const& layers)
{
    Config config;
    for (auto const& layer : layers) {
        for (auto const& [key, text] : layer) {
            auto applied = apply(key, text, config);
            if (!applied)
                return std::unexpected(applied.error());
        }
    }
    return config;
}

}
