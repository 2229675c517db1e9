// The subcommands' bodies, called by main.cpp once the options are parsed. Each returns the
// process exit code; expected failures print one line to stderr and return 1.
#pragma once

#include "app/config.h"

#include <optional>
#include <string>

namespace cli {

int run_serve(app::Config const& config);
int run_migrate(app::Config const& config);

struct CreateUserArguments {
    std::string username;
    std::string display_name;
    std::string email;
    std::string role = "member";
    std::string bio;
    std::optional<std::string> password_file; // absent: prompt on a terminal, else read stdin
};
int run_create_user(app::Config const& config, CreateUserArguments const& arguments);

struct PublishArticleArguments {
    std::string author;
    std::string title;
    std::string body_file; // "-" for stdin
    std::string slug;
    std::string excerpt;
    std::string published; // RFC 3339; empty: now
};
int run_publish_article(app::Config const& config, PublishArticleArguments const& arguments);

struct AddCommentArguments {
    std::string article; // slug
    std::string author; // username
    std::string body_file;
};
int run_add_comment(app::Config const& config, AddCommentArguments const& arguments);

struct GenerateDemoArguments {
    int articles = 1000;
    int comments_per_article = 5;
};
int run_generate_demo(app::Config const& config, GenerateDemoArguments const& arguments);

// Prints "tribune: <message>" on stderr and returns 1.
int fail_with(std::string const& message);

}
