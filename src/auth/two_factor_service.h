// Two-factor sign-in's rules (SECURITY.md point 4): enrolling an authenticator app, confirming
// it with a first code, and checking a second factor at sign-in with a TOTP code or a
// recovery code, each accepted once. Seeds are sealed with the SecretBox; the TwoFactorStore
// holds them. Blocking (database); call from a worker, not an I/O thread. Wrong codes come
// back as Error; throttling them, auditing and telling the member are the caller's
// (SECURITY.md points 2, 16, 6). A seed the server key cannot open throws: the key file
// changed, which no visitor can fix.
#pragma once

#include "auth/secret_box.h"
#include "auth/two_factor_store.h"
#include "core/clock.h"
#include "core/error.h"
#include "storage/database.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace auth {

// What the enrolment page shows: the key to type in, and the URI to show as a QR code.
struct TotpEnrolment {
    std::string secret_base32;
    std::string otpauth_uri;
};

enum class SecondFactor { AuthenticatorCode,
    RecoveryCode };

class TwoFactorService {
public:
    // `issuer` names the site in authenticator apps. Keeps references: the database, box and
    // clock must outlive the service.
    TwoFactorService(storage::Database& database, SecretBox const& box, core::Clock const& clock, std::string issuer)
        : m_database(database)
        , m_store(database)
        , m_box(box)
        , m_clock(clock)
        , m_issuer(std::move(issuer))
    {
    }

    // Makes and stores a new seed, pending until confirmed; starting again replaces it.
    // Conflict when two-factor sign-in is already on (disable it first).
    core::Result<TotpEnrolment> begin_enrolment(std::int64_t user_id, std::string_view account_name) const;
    // Turns two-factor sign-in on when `code` comes from the pending seed, and returns the
    // ten recovery codes, to be shown once: only their hashes are kept. Invalid (field
    // "code") when the code is wrong; NotFound when no enrolment is pending.
    core::Result<std::vector<std::string>> confirm_enrolment(std::int64_t user_id, std::string_view code) const;
    // Checks a second factor: a six-digit code from the app, or else a recovery code, each
    // accepted once, even when two requests race. Unauthorized when it is wrong, already used,
    // or the member has no two-factor sign-in.
    core::Result<SecondFactor> verify_second_factor(std::int64_t user_id, std::string_view code_or_recovery_code) const;

    bool is_enabled(std::int64_t user_id) const;
    std::int64_t unused_recovery_codes(std::int64_t user_id) const;
    // Replaces every recovery code with ten new ones, returned once. NotFound when two-factor
    // sign-in is off.
    core::Result<std::vector<std::string>> regenerate_recovery_codes(std::int64_t user_id) const;
    // Turns two-factor sign-in off: seed and recovery codes are deleted. The caller asks for
    // re-authentication first.
    void disable(std::int64_t user_id) const;

private:
    std::vector<unsigned char> open_secret(TwoFactorRecord const& record) const;

    storage::Database& m_database;
    TwoFactorStore m_store;
    SecretBox const& m_box;
    core::Clock const& m_clock;
    std::string m_issuer;
};

}
