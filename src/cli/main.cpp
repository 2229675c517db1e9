// tribune: the one binary. `serve` runs the site; `migrate`, `admin ...` and `version`
// manage it from the shell. See docs/cli.md.
#include "cli/commands.h"
#include "cli/options.h"
#include "storage/database.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <system_error>

namespace {

constexpr char const* tribune_version = "0.1.0";

}

int cli::fail_with(std::string const& message)
{
    fmt::print(stderr, "tribune: {}\n", message);
    return 1;
}

int main(int argc, char** argv)
{
    CLI::App app { "Tribune: a community publishing platform in one binary.", "tribune" };
    app.require_subcommand(1);
    app.set_version_flag("--version", tribune_version);

    cli::ConfigOptions serve_options;
    auto* serve = app.add_subcommand("serve", "Serve the site (creates and migrates the database on first start)");
    serve_options.add_to(*serve, cli::ConfigOptions::Scope::Serve);

    cli::ConfigOptions migrate_options;
    auto* migrate = app.add_subcommand("migrate", "Apply pending database migrations, then exit");
    migrate_options.add_to(*migrate, cli::ConfigOptions::Scope::SiteOnly);

    auto* version = app.add_subcommand("version", "Print the version");

    auto* admin = app.add_subcommand("admin", "Administer a site from the shell");
    admin->require_subcommand(1);

    cli::ConfigOptions create_user_options;
    cli::CreateUserArguments create_user_arguments;
    auto* create_user = admin->add_subcommand("create-user", "Create an account (the way to make the first admin)");
    create_user_options.add_to(*create_user, cli::ConfigOptions::Scope::SiteOnly);
    create_user->add_option("--username", create_user_arguments.username, "2-32 letters, digits, '-' or '_'; unique regardless of case")->required();
    create_user->add_option("--display-name", create_user_arguments.display_name, "the name shown on the site")->required();
    create_user->add_option("--email", create_user_arguments.email, "the account's e-mail address (never shown publicly)")->required();
    create_user->add_option("--role", create_user_arguments.role, "admin, editor, author, contributor or member")->capture_default_str();
    create_user->add_option("--bio", create_user_arguments.bio, "a short public biography (plain text)");
    create_user->add_option("--password-file", create_user_arguments.password_file,
        "read the password (12-1024 characters) from the first line of this file; without it the password is asked for, or read from standard input");

    cli::ConfigOptions publish_options;
    cli::PublishArticleArguments publish_arguments;
    auto* publish = admin->add_subcommand("publish-article", "Publish an article from a Markdown file; prints its path");
    publish_options.add_to(*publish, cli::ConfigOptions::Scope::SiteOnly);
    publish->add_option("--author", publish_arguments.author, "username of the author")->required();
    publish->add_option("--title", publish_arguments.title, "the article's title")->required();
    publish->add_option("--body-file", publish_arguments.body_file, "Markdown file with the body, or - for standard input")->required();
    publish->add_option("--slug", publish_arguments.slug, "URL slug (default: made from the title)");
    publish->add_option("--excerpt", publish_arguments.excerpt, "summary shown in lists (default: from the body)");
    publish->add_option("--published", publish_arguments.published, "publication time, RFC 3339 (default: now)");

    cli::ConfigOptions comment_options;
    cli::AddCommentArguments comment_arguments;
    auto* comment = admin->add_subcommand("add-comment", "Add an approved comment to a published article");
    comment_options.add_to(*comment, cli::ConfigOptions::Scope::SiteOnly);
    comment->add_option("--article", comment_arguments.article, "slug of the article")->required();
    comment->add_option("--author", comment_arguments.author, "username of the commenter")->required();
    comment->add_option("--body-file", comment_arguments.body_file, "Markdown file with the comment, or - for standard input")->required();

    cli::ConfigOptions generate_options;
    cli::GenerateDemoArguments generate_arguments;
    auto* generate = admin->add_subcommand("generate-demo", "Fill a site with many generated articles and comments (for benchmarks)");
    generate_options.add_to(*generate, cli::ConfigOptions::Scope::SiteOnly);
    generate->add_option("--articles", generate_arguments.articles, "how many articles to add")->check(CLI::Range(1, 1'000'000))->capture_default_str();
    generate->add_option("--comments-per-article", generate_arguments.comments_per_article, "approved comments on each")->check(CLI::Range(0, 1000))->capture_default_str();

    try {
        app.parse(argc, argv);
    } catch (CLI::ParseError const& error) {
        if (error.get_exit_code() == 0) // --help and --version
            return app.exit(error);
        fmt::print(stderr, "tribune: {} (see tribune --help)\n", error.what());
        return 2;
    }

    auto with_config = [](cli::ConfigOptions const& options, auto run) {
        auto config = options.load();
        if (!config)
            return cli::fail_with(config.error().message);
        return run(*config);
    };

    try {
        if (*version) {
            fmt::print("tribune {}\n", tribune_version);
            return 0;
        }
        if (*serve)
            return with_config(serve_options, cli::run_serve);
        if (*migrate)
            return with_config(migrate_options, cli::run_migrate);
        if (*create_user)
            return with_config(create_user_options, [&](auto const& config) { return cli::run_create_user(config, create_user_arguments); });
        if (*publish)
            return with_config(publish_options, [&](auto const& config) { return cli::run_publish_article(config, publish_arguments); });
        if (*comment)
            return with_config(comment_options, [&](auto const& config) { return cli::run_add_comment(config, comment_arguments); });
        if (*generate)
            return with_config(generate_options, [&](auto const& config) { return cli::run_generate_demo(config, generate_arguments); });
    } catch (storage::DatabaseError const& error) {
        return cli::fail_with(fmt::format("database error: {}", error.what()));
    } catch (std::system_error const& error) {
        return cli::fail_with(error.what());
    }
    return 0;
}
