// Creates member accounts under the account rules: username shape and reserved names,
// e-mail shape, password length (12 to 1,024 characters, counted as Unicode code points)
// the password not being the username or e-mail, nor among the bundled common passwords.
// Hashing is argon2id (password.h). The registration form and verification come later.
#pragma once

#include "auth/account_store.h"
#include "auth/password.h"
#include "core/clock.h"
#include "core/error.h"

namespace auth {

struct AccountRequest {
    std::string username;
    std::string display_name;
    std::string email;
    std::string password;
    Role role = Role::Member;
    std::string bio;
};

class AccountService {
public:
    AccountService(storage::Database& database, AccountStore const& accounts, core::Clock const& clock, PasswordParameters parameters = {})
        : m_database(database)
        , m_accounts(accounts)
        , m_clock(clock)
        , m_parameters(parameters)
    {
    }

    // Invalid with the offending field, or Conflict when the username or e-mail is taken.
    core::Result<std::int64_t> create(AccountRequest const& request) const;

private:
    storage::Database& m_database;
    AccountStore const& m_accounts;
    core::Clock const& m_clock;
    PasswordParameters m_parameters;
};

// Passwords are 12 to 1,024 characters counted as Unicode code points; sign-in uses the upper
// bound too, so an over-long password never reaches argon2id.
inline constexpr std::size_t min_password_characters = 12;
inline constexpr std::size_t max_password_characters = 1024;
// Code points in UTF-8 text (continuation bytes are not counted).
std::size_t count_code_points(std::string_view text);

// The rules, exposed for forms and tests. Each returns Invalid naming its field.
core::Result<void> validate_username(std::string_view username);
core::Result<void> validate_display_name(std::string_view display_name);
core::Result<void> validate_email(std::string_view email);
core::Result<void> validate_password(std::string_view password, std::string_view username, std::string_view email);

}
