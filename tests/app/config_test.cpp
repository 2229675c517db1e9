#include "app/config.h"

#include <cstdlib>
#include <fstream>
#include <gtest/gtest.h>
#include <map>

namespace {

std::filesystem::path write_temp_toml(std::string const& text)
{
    auto path = std::filesystem::temp_directory_path() / ("tribune-config-" + std::to_string(::getpid()) + "-" + std::to_string(std::rand()) + ".toml");
    std::ofstream(path) << text;
    return path;
}

}

TEST(Config, DefaultsServeTheDemoAddress)
{
    auto config = app::build_config({});
    ASSERT_TRUE(config);
    EXPECT_EQ(config->listen_host, "127.0.0.1");
    EXPECT_EQ(config->listen_port, 8080);
    EXPECT_EQ(config->effective_base_url(), "http://127.0.0.1:8080");
    EXPECT_TRUE(config->effective_database_url().ends_with("/data/tribune.db"));
    EXPECT_EQ(config->limits.header_bytes, 16u * 1024);
    EXPECT_EQ(config->limits.body_bytes, 1024u * 1024);
}

TEST(Config, LaterLayersWin)
{
    auto toml = write_temp_toml("listen = \"127.0.0.1:9000\"\nbase_url = \"https://from-toml.example\"\nthreads = 3\n[limits]\nheader_timeout = 7\n");
    auto file_layer = app::read_toml_layer(toml);
    std::filesystem::remove(toml);
    ASSERT_TRUE(file_layer) << file_layer.error().message;

    std::map<std::string, std::string> environment { { "TRIBUNE_BASE_URL", "https://from-env.example/" }, { "TRIBUNE_THREADS", "2" } };
    auto env_layer = app::read_environment_layer([&](char const* name) -> char const* {
        auto it = environment.find(name);
        return it == environment.end() ? nullptr : it->second.c_str();
    });
    app::ConfigLayer flag_layer { { "threads", "1" } };

    auto config = app::build_config({ *file_layer, env_layer, flag_layer });
    ASSERT_TRUE(config) << config.error().message;
    EXPECT_EQ(config->listen_port, 9000); // toml only
    EXPECT_EQ(config->effective_base_url(), "https://from-env.example"); // env over toml, trailing slash dropped
    EXPECT_EQ(config->threads, 1u); // flag over env over toml
    EXPECT_EQ(config->limits.header_timeout, std::chrono::seconds(7));
}

TEST(Config, BadValuesNameTheirKey)
{
    struct Case {
        char const* key;
        char const* value;
    } const cases[] = {
        { "threads", "abc" },
        { "threads", "-1" },
        { "threads", "9999" },
        { "listen", "nonsense" },
        { "listen", "127.0.0.1:99999" },
        { "base_url", "ftp://x" },
        { "base_url", "https://x/\"onload" },
        { "demo", "maybe" },
        { "limits.header_timeout", "0" },
        { "limits.max_body_bytes", "1e6" },
        { "data_dir", "" },
    };
    for (auto const& c : cases) {
        auto config = app::build_config({ { { c.key, c.value } } });
        ASSERT_FALSE(config) << c.key << "=" << c.value;
        EXPECT_EQ(config.error().field, c.key);
        EXPECT_NE(config.error().message.find(c.key), std::string::npos) << config.error().message;
        EXPECT_EQ(config.error().message.find('\n'), std::string::npos);
    }
}

TEST(Config, TomlErrorsAreOneLine)
{
    auto broken = write_temp_toml("listen = \n");
    auto layer = app::read_toml_layer(broken);
    std::filesystem::remove(broken);
    ASSERT_FALSE(layer);
    EXPECT_EQ(layer.error().message.find('\n'), std::string::npos);

    auto unknown = write_temp_toml("colour = \"blue\"\n");
    auto unknown_layer = app::read_toml_layer(unknown);
    std::filesystem::remove(unknown);
    ASSERT_FALSE(unknown_layer);
    EXPECT_EQ(unknown_layer.error().field, "colour");

    auto negative = write_temp_toml("threads = -1\n");
    auto negative_layer = app::read_toml_layer(negative);
    std::filesystem::remove(negative);
    ASSERT_TRUE(negative_layer);
    EXPECT_FALSE(app::build_config({ *negative_layer }));
}

TEST(Config, ListenAcceptsIpv6Literals)
{
    auto config = app::build_config({ { { "listen", "[::1]:8081" } } });
    ASSERT_TRUE(config);
    EXPECT_EQ(config->listen_host, "::1");
    EXPECT_EQ(config->effective_base_url(), "http://[::1]:8081");
}
