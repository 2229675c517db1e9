#include "cli/commands.h"
#include "cli/demo_site.h"
#include "cli/site.h"

#include <fmt/format.h>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <termios.h>
#include <unistd.h>

namespace cli {

namespace {

std::optional<std::string> read_text(std::string const& path)
{
    if (path == "-")
        return std::string(std::istreambuf_iterator<char>(std::cin), {});
    std::ifstream file(path, std::ios::binary);
    if (!file)
        return std::nullopt;
    return std::string(std::istreambuf_iterator<char>(file), {});
}

// Terminal input without echo, so the password is not left on the screen.
std::string prompt_hidden(char const* prompt)
{
    fmt::print(stderr, "{}", prompt);
    termios old_mode {};
    tcgetattr(STDIN_FILENO, &old_mode);
    termios silent = old_mode;
    silent.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSANOW, &silent);
    std::string line;
    std::getline(std::cin, line);
    tcsetattr(STDIN_FILENO, TCSANOW, &old_mode);
    fmt::print(stderr, "\n");
    return line;
}

std::optional<std::string> read_password(std::optional<std::string> const& password_file)
{
    std::string line;
    if (password_file) {
        auto text = read_text(*password_file);
        if (!text)
            return std::nullopt;
        line = text->substr(0, text->find('\n'));
    } else if (isatty(STDIN_FILENO)) {
        line = prompt_hidden("Password (12 or more characters): ");
        if (prompt_hidden("Repeat it: ") != line) {
            fail_with("the passwords differ");
            return std::nullopt;
        }
    } else {
        std::getline(std::cin, line);
    }
    if (!line.empty() && line.back() == '\r')
        line.pop_back();
    return line;
}

}

int run_create_user(app::Config const& config, CreateUserArguments const& arguments)
{
    auto const role = auth::parse_role(arguments.role);
    if (!role)
        return fail_with(fmt::format("bad value for --role: '{}' (admin, editor, author, contributor or member)", arguments.role));
    auto password = read_password(arguments.password_file);
    if (!password)
        return fail_with(arguments.password_file ? fmt::format("cannot read the password file {}", *arguments.password_file) : "no password given");
    auto site = open_site(config);
    auto id = site->account_service.create(auth::AccountRequest {
        .username = arguments.username,
        .display_name = arguments.display_name,
        .email = arguments.email,
        .password = *password,
        .role = *role,
        .bio = arguments.bio,
    });
    if (!id)
        return fail_with(fmt::format("cannot create the account: {}", id.error().message));
    site->database->close();
    fmt::print("Created {} '{}'.\n", auth::role_name(*role), arguments.username);
    return 0;
}

int run_publish_article(app::Config const& config, PublishArticleArguments const& arguments)
{
    auto body = read_text(arguments.body_file);
    if (!body)
        return fail_with(fmt::format("cannot read {}", arguments.body_file));
    core::UnixTime published_at = 0;
    if (!arguments.published.empty()) {
        auto const parsed = core::parse_rfc3339(arguments.published);
        if (!parsed)
            return fail_with(fmt::format("bad value for --published: '{}' (expected RFC 3339, e.g. 2026-11-29T08:30:00Z)", arguments.published));
        published_at = *parsed;
    }
    auto site = open_site(config);
    auto const author = site->accounts.find_by_username(arguments.author);
    if (!author)
        return fail_with(fmt::format("no account named '{}'", arguments.author));
    auto article = site->article_service.create(content::ArticleDraft {
        .author_id = author->id,
        .title = arguments.title,
        .body_markdown = *body,
        .excerpt = arguments.excerpt,
        .slug = arguments.slug,
        .published_at = published_at,
    });
    if (!article)
        return fail_with(fmt::format("cannot publish: {}", article.error().message));
    site->database->close();
    fmt::print("/articles/{}\n", article->slug);
    return 0;
}

int run_add_comment(app::Config const& config, AddCommentArguments const& arguments)
{
    auto body = read_text(arguments.body_file);
    if (!body)
        return fail_with(fmt::format("cannot read {}", arguments.body_file));
    auto site = open_site(config);
    auto const author = site->accounts.find_by_username(arguments.author);
    if (!author)
        return fail_with(fmt::format("no account named '{}'", arguments.author));
    auto const article = site->articles.find_published_by_slug(arguments.article);
    if (!article)
        return fail_with(fmt::format("no published article with the slug '{}'", arguments.article));
    auto id = site->comment_service.create(content::CommentDraft { .article_id = article->article.id, .author_id = author->id, .body_markdown = *body });
    if (!id)
        return fail_with(fmt::format("cannot add the comment: {}", id.error().message));
    site->database->close();
    fmt::print("/articles/{}#comment-{}\n", article->article.slug, *id);
    return 0;
}

int run_generate_demo(app::Config const& config, GenerateDemoArguments const& arguments)
{
    auto site = open_site(config);
    auto generated = generate_demo_articles(*site, arguments.articles, arguments.comments_per_article);
    if (!generated)
        return fail_with(generated.error().message);
    site->database->close();
    fmt::print("Added {} articles with {} comments each.\n", arguments.articles, arguments.comments_per_article);
    return 0;
}

}
