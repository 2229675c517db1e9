#include "auth/account_service.h"

#include "auth/common_passwords.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <fmt/format.h>

namespace auth {

namespace {

constexpr std::size_t min_username = 2;
constexpr std::size_t max_username = 32;
constexpr std::size_t max_display_name = 80;
constexpr std::size_t max_email = 254; // RFC 5321 path limit
constexpr std::size_t max_bio = 2000;

// Names that would impersonate the site or collide with its URLs.
constexpr std::array reserved_usernames = {
    "admin",
    "administrator",
    "root",
    "api",
    "system",
    "tribune",
    "support",
    "help",
    "security",
    "login",
    "logout",
    "register",
    "account",
    "feed",
    "feeds",
    "static",
    "author",
    "articles",
    "moderator",
    "staff",
    "webmaster",
    "postmaster",
    "abuse",
    "noreply",
    "no-reply",
    "www",
    "mail",
};

std::string lower_ascii(std::string_view text)
{
    std::string lower(text);
    std::ranges::transform(lower, lower.begin(), [](unsigned char c) { return static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c); });
    return lower;
}

bool has_control_characters(std::string_view text)
{
    return std::ranges::any_of(text, [](unsigned char c) { return c < 0x20 || c == 0x7F; });
}

}

std::size_t count_code_points(std::string_view text)
{
    return static_cast<std::size_t>(std::ranges::count_if(text, [](unsigned char c) { return (c & 0xC0) != 0x80; }));
}

core::Result<void> validate_username(std::string_view username)
{
    bool const shape_ok = username.size() >= min_username && username.size() <= max_username
        && std::ranges::all_of(username, [](unsigned char c) { return std::isalnum(c) || c == '-' || c == '_'; })
        && username.front() != '-' && username.back() != '-';
    if (!shape_ok)
        return core::fail(core::ErrorKind::Invalid, fmt::format("A username is {} to {} letters (a-z), digits, hyphens or underscores.", min_username, max_username), "username");
    auto const lower = lower_ascii(username);
    if (std::ranges::find(reserved_usernames, lower) != reserved_usernames.end())
        return core::fail(core::ErrorKind::Invalid, "That username is reserved; please choose another.", "username");
    return {};
}

core::Result<void> validate_display_name(std::string_view display_name)
{
    if (display_name.find_first_not_of(' ') == std::string_view::npos || count_code_points(display_name) > max_display_name || has_control_characters(display_name))
        return core::fail(core::ErrorKind::Invalid, fmt::format("A display name is 1 to {} characters on one line.", max_display_name), "display_name");
    return {};
}

core::Result<void> validate_email(std::string_view email)
{
    auto const at = email.rfind('@');
    bool const ok = at != std::string_view::npos && at > 0 && at + 1 < email.size() && email.size() <= max_email
        && email.find_first_of(" \t\r\n<>,;\"") == std::string_view::npos && email.substr(at + 1).find('.') != std::string_view::npos
        && !has_control_characters(email);
    if (!ok)
        return core::fail(core::ErrorKind::Invalid, "Enter an e-mail address like name@example.org.", "email");
    return {};
}

core::Result<void> validate_password(std::string_view password, std::string_view username, std::string_view email)
{
    auto const length = count_code_points(password);
    if (length < min_password_characters)
        return core::fail(core::ErrorKind::Invalid, fmt::format("Use at least {} characters; a few unrelated words make a good password.", min_password_characters), "password");
    if (length > max_password_characters)
        return core::fail(core::ErrorKind::Invalid, fmt::format("Use at most {} characters.", max_password_characters), "password");
    auto const lower = lower_ascii(password);
    if (lower == lower_ascii(username) || lower == lower_ascii(email))
        return core::fail(core::ErrorKind::Invalid, "The password must not be your username or e-mail address.", "password");
    if (is_common_password(password))
        return core::fail(core::ErrorKind::Invalid, "That password is too common; attackers try it first. Choose another.", "password");
    return {};
}

core::Result<std::int64_t> AccountService::create(AccountRequest const& request) const
{
    for (auto const& check : { validate_username(request.username), validate_display_name(request.display_name), validate_email(request.email),
             validate_password(request.password, request.username, request.email) }) {
        if (!check)
            return std::unexpected(check.error());
    }
    if (request.bio.size() > max_bio)
        return core::fail(core::ErrorKind::Invalid, "The bio is too long (at most 2,000 characters).", "bio");
    // Hash before taking the writer: argon2id is slow on purpose.
    auto hash = hash_password(request.password, m_parameters);
    auto transaction = m_database.begin();
    auto id = m_accounts.insert(transaction,
        NewAccount {
            .username = request.username,
            .display_name = request.display_name,
            .email = request.email,
            .password_hash = std::move(hash),
            .role = request.role,
            .bio = request.bio,
            .created_at = m_clock.now(),
        });
    if (id)
        transaction.commit();
    return id;
}

}
