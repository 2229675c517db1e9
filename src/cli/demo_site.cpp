#include "cli/demo_site.h"

#include "core/embedded_file.h"

#include <algorithm>
#include <fmt/format.h>
#include <map>
#include <toml++/toml.h>

namespace cli::demo_content {
std::span<core::EmbeddedFile const> embedded_files();
}

namespace cli {

namespace {

// Not an argon2 string, so crypto_pwhash_str_verify rejects every password against it.
constexpr char const* no_password_hash = "!demo-account-without-password";

struct DemoPerson {
    std::string username;
    std::string display_name;
    std::string email;
    std::string role;
    std::string bio;
};

struct DemoArticle {
    std::string key; // file name without ".md"
    std::string title;
    std::string author;
    std::string excerpt;
    core::UnixTime published = 0;
    std::string body;
};

struct DemoComment {
    std::string article;
    std::string author;
    std::int64_t after_hours = 1;
    std::string body;
};

std::string_view demo_file(std::string_view path)
{
    for (auto const& file : demo_content::embedded_files()) {
        if (file.path == path)
            return file.bytes;
    }
    throw std::runtime_error(fmt::format("demo content lacks {}", path));
}

toml::table parse_toml(std::string_view text, std::string_view name)
{
    try {
        return toml::parse(text, name);
    } catch (toml::parse_error const& error) {
        throw std::runtime_error(fmt::format("demo content {}: {}", name, error.description()));
    }
}

std::vector<DemoPerson> demo_people()
{
    std::vector<DemoPerson> people;
    auto const table = parse_toml(demo_file("people.toml"), "people.toml");
    if (auto const* list = table["person"].as_array()) {
        for (auto const& node : *list) {
            auto const& person = *node.as_table();
            people.push_back(DemoPerson {
                .username = person["username"].value_or(std::string()),
                .display_name = person["display_name"].value_or(std::string()),
                .email = person["email"].value_or(std::string()),
                .role = person["role"].value_or(std::string("member")),
                .bio = person["bio"].value_or(std::string()),
            });
        }
    }
    return people;
}

// An article file: TOML front matter between "+++" lines, then Markdown.
DemoArticle parse_article(std::string_view path, std::string_view text)
{
    constexpr std::string_view fence = "+++\n";
    if (!text.starts_with(fence))
        throw std::runtime_error(fmt::format("demo article {} has no front matter", path));
    auto const end = text.find("\n+++\n", fence.size() - 1);
    if (end == std::string_view::npos)
        throw std::runtime_error(fmt::format("demo article {} has unterminated front matter", path));
    auto const front = parse_toml(text.substr(fence.size(), end - fence.size() + 1), path);
    DemoArticle article;
    auto name = path.substr(path.rfind('/') + 1);
    article.key = std::string(name.substr(0, name.size() - 3));
    article.title = front["title"].value_or(std::string());
    article.author = front["author"].value_or(std::string());
    article.excerpt = front["excerpt"].value_or(std::string());
    auto const published = core::parse_rfc3339(front["published"].value_or(std::string()));
    if (!published)
        throw std::runtime_error(fmt::format("demo article {} has a bad published time", path));
    article.published = *published;
    article.body = std::string(text.substr(end + 5));
    return article;
}

std::vector<DemoArticle> demo_articles()
{
    std::vector<DemoArticle> articles;
    for (auto const& file : demo_content::embedded_files()) {
        if (file.path.starts_with("articles/") && file.path.ends_with(".md"))
            articles.push_back(parse_article(file.path, file.bytes));
    }
    return articles;
}

std::vector<DemoComment> demo_comments()
{
    std::vector<DemoComment> comments;
    auto const table = parse_toml(demo_file("comments.toml"), "comments.toml");
    if (auto const* list = table["comment"].as_array()) {
        for (auto const& node : *list) {
            auto const& comment = *node.as_table();
            comments.push_back(DemoComment {
                .article = comment["article"].value_or(std::string()),
                .author = comment["author"].value_or(std::string()),
                .after_hours = comment["after_hours"].value_or(std::int64_t { 1 }),
                .body = comment["body"].value_or(std::string()),
            });
        }
    }
    return comments;
}

core::Result<std::map<std::string, std::int64_t>> insert_people(Site& site, storage::Transaction& transaction, std::vector<DemoPerson> const& people)
{
    std::map<std::string, std::int64_t> ids;
    for (auto const& person : people) {
        auto const role = auth::parse_role(person.role);
        if (!role)
            return core::fail(core::ErrorKind::Invalid, fmt::format("demo person {} has an unknown role {}", person.username, person.role));
        auto id = site.accounts.insert(transaction,
            auth::NewAccount {
                .username = person.username,
                .display_name = person.display_name,
                .email = person.email,
                .password_hash = no_password_hash,
                .role = *role,
                .bio = person.bio,
                .created_at = site.clock.now(),
            });
        if (!id)
            return std::unexpected(id.error());
        ids[person.username] = *id;
    }
    return ids;
}

core::Result<std::int64_t> person_id(std::map<std::string, std::int64_t> const& ids, std::string const& username)
{
    auto const found = ids.find(username);
    if (found == ids.end())
        return core::fail(core::ErrorKind::Invalid, fmt::format("demo content names an unknown person {}", username));
    return found->second;
}

}

core::Result<bool> fill_demo_site(Site& site)
{
    if (site.accounts.count() > 0 || site.articles.count_published() > 0)
        return false;

    auto const settings_table = parse_toml(demo_file("site.toml"), "site.toml");
    content::SiteSettings settings;
    settings.name = settings_table["name"].value_or(settings.name);
    settings.tagline = settings_table["tagline"].value_or(settings.tagline);
    settings.description = settings_table["description"].value_or(settings.description);

    auto transaction = site.database->begin();
    site.settings.save(transaction, settings);
    auto const people = insert_people(site, transaction, demo_people());
    if (!people)
        return std::unexpected(people.error());

    std::map<std::string, std::pair<std::int64_t, core::UnixTime>> articles; // key -> id, published
    for (auto const& demo : demo_articles()) {
        auto const author = person_id(*people, demo.author);
        if (!author)
            return std::unexpected(author.error());
        auto const article = site.article_service.create(transaction,
            content::ArticleDraft { .author_id = *author, .title = demo.title, .body_markdown = demo.body, .excerpt = demo.excerpt, .published_at = demo.published });
        if (!article)
            return core::fail(article.error().kind, fmt::format("demo article {}: {}", demo.key, article.error().message));
        articles[demo.key] = { article->id, article->published_at };
    }
    for (auto const& demo : demo_comments()) {
        auto const author = person_id(*people, demo.author);
        auto const article = articles.find(demo.article);
        if (!author || article == articles.end())
            return core::fail(core::ErrorKind::Invalid, fmt::format("demo comment on {} by {} does not resolve", demo.article, demo.author));
        auto const comment = site.comment_service.create(transaction,
            content::CommentDraft { .article_id = article->second.first, .author_id = *author, .body_markdown = demo.body, .created_at = article->second.second + demo.after_hours * 3600 });
        if (!comment)
            return std::unexpected(comment.error());
    }
    transaction.commit();
    return true;
}

core::Result<void> generate_demo_articles(Site& site, int article_count, int comments_per_article)
{
    if (auto filled = fill_demo_site(site); !filled)
        return std::unexpected(filled.error());

    std::vector<std::int64_t> writers;
    std::vector<std::int64_t> readers;
    for (auto const& person : demo_people()) {
        auto const account = site.accounts.find_by_username(person.username);
        if (!account)
            continue;
        (person.role == "member" ? readers : writers).push_back(account->id);
        if (person.role != "member")
            readers.push_back(account->id);
    }
    auto const sources = demo_articles();
    auto const comments = demo_comments();
    if (writers.empty() || sources.empty())
        return core::fail(core::ErrorKind::Invalid, "this site has none of the demo authors; generate-demo needs them (start from an empty site)");

    auto const now = site.clock.now();
    auto transaction = site.database->begin();
    for (int index = 0; index < article_count; ++index) {
        auto const& source = sources[static_cast<std::size_t>(index) % sources.size()];
        // Spread publication over the past, one article every ~2 hours.
        auto const published = now - static_cast<core::UnixTime>(article_count - index) * 7200;
        auto const article = site.article_service.create(transaction,
            content::ArticleDraft {
                .author_id = writers[static_cast<std::size_t>(index) % writers.size()],
                .title = fmt::format("{} (no. {})", source.title, index + 1),
                .body_markdown = source.body,
                .published_at = published,
            });
        if (!article)
            return std::unexpected(article.error());
        for (int c = 0; c < comments_per_article && !comments.empty(); ++c) {
            auto const& text = comments[static_cast<std::size_t>(index + c) % comments.size()];
            auto const comment = site.comment_service.create(transaction,
                content::CommentDraft {
                    .article_id = article->id,
                    .author_id = readers[static_cast<std::size_t>(index + c) % readers.size()],
                    .body_markdown = text.body,
                    .created_at = published + (c + 1) * 600,
                });
            if (!comment)
                return std::unexpected(comment.error());
        }
    }
    transaction.commit();
    return {};
}

}
