#include "auth/two_factor_service.h"

#include "auth/recovery_codes.h"
#include "auth/totp.h"

#include <algorithm>
#include <sodium.h>
#include <stdexcept>

namespace auth {

namespace {

// Said for every refused second factor, so the answer does not tell which check failed.
constexpr auto wrong_code = "That code is not right, or was already used.";

// True when the input is shaped like an authenticator code ("123456", "123 456"); recovery
// codes have twelve characters, so the two never overlap.
bool looks_like_totp(std::string_view typed)
{
    auto const digits = std::ranges::count_if(typed, [](char c) { return c >= '0' && c <= '9'; });
    auto const spaces = std::ranges::count(typed, ' ');
    return digits == totp_digits && digits + spaces == static_cast<std::ptrdiff_t>(typed.size());
}

// Zeroes a seed once it is no longer needed.
struct WipeOnExit {
    std::vector<unsigned char>& bytes;
    ~WipeOnExit() { sodium_memzero(bytes.data(), bytes.size()); }
};

std::vector<std::string> hashes_of(std::vector<std::string> const& codes)
{
    std::vector<std::string> hashes;
    for (auto const& code : codes)
        hashes.push_back(recovery_code_hash(code));
    return hashes;
}

}

std::vector<unsigned char> TwoFactorService::open_secret(TwoFactorRecord const& record) const
{
    auto secret = m_box.open(record.sealed_secret);
    if (!secret)
        throw std::runtime_error("a two-factor seed does not open with the server key: was the key file replaced?");
    return std::move(*secret);
}

core::Result<TotpEnrolment> TwoFactorService::begin_enrolment(std::int64_t user_id, std::string_view account_name) const
{
    auto secret = new_totp_secret();
    WipeOnExit wipe { secret };
    auto transaction = m_database.begin();
    if (!m_store.save_pending_secret(transaction, user_id, m_box.seal(secret), m_clock.now()))
        return core::fail(core::ErrorKind::Conflict, "Two-factor sign-in is already on.");
    transaction.commit();
    return TotpEnrolment { .secret_base32 = base32_encode(secret), .otpauth_uri = otpauth_uri(m_issuer, account_name, secret) };
}

core::Result<std::vector<std::string>> TwoFactorService::confirm_enrolment(std::int64_t user_id, std::string_view code) const
{
    auto const record = m_store.find(user_id);
    if (!record || record->enabled())
        return core::fail(core::ErrorKind::NotFound, "There is no two-factor set-up to confirm.");
    auto secret = open_secret(*record);
    WipeOnExit wipe { secret };
    auto const now = m_clock.now();
    auto const step = verify_totp(secret, code, now, record->last_used_step);
    if (!step)
        return core::fail(core::ErrorKind::Invalid, "That code is not right: check the app and try again.", "code");

    auto codes = new_recovery_codes();
    auto transaction = m_database.begin();
    if (!m_store.enable(transaction, user_id, record->sealed_secret, *step, now))
        return core::fail(core::ErrorKind::NotFound, "There is no two-factor set-up to confirm.");
    m_store.replace_recovery_codes(transaction, user_id, hashes_of(codes), now);
    transaction.commit();
    return codes;
}

core::Result<SecondFactor> TwoFactorService::verify_second_factor(std::int64_t user_id, std::string_view code_or_recovery_code) const
{
    auto const record = m_store.find(user_id);
    if (!record || !record->enabled())
        return core::fail(core::ErrorKind::Unauthorized, wrong_code);
    auto const now = m_clock.now();

    if (looks_like_totp(code_or_recovery_code)) {
        auto secret = open_secret(*record);
        WipeOnExit wipe { secret };
        auto const step = verify_totp(secret, code_or_recovery_code, now, record->last_used_step);
        if (!step)
            return core::fail(core::ErrorKind::Unauthorized, wrong_code);
        // The read above may be stale: the conditional write decides, so of two requests
        // with the same code only one gets through.
        auto transaction = m_database.begin();
        if (!m_store.record_used_step(transaction, user_id, *step))
            return core::fail(core::ErrorKind::Unauthorized, wrong_code);
        transaction.commit();
        return SecondFactor::AuthenticatorCode;
    }

    auto transaction = m_database.begin();
    if (!m_store.use_recovery_code(transaction, user_id, recovery_code_hash(code_or_recovery_code), now))
        return core::fail(core::ErrorKind::Unauthorized, wrong_code);
    transaction.commit();
    return SecondFactor::RecoveryCode;
}

bool TwoFactorService::is_enabled(std::int64_t user_id) const
{
    auto const record = m_store.find(user_id);
    return record && record->enabled();
}

std::int64_t TwoFactorService::unused_recovery_codes(std::int64_t user_id) const
{
    return m_store.count_unused_recovery_codes(user_id);
}

core::Result<std::vector<std::string>> TwoFactorService::regenerate_recovery_codes(std::int64_t user_id) const
{
    if (!is_enabled(user_id))
        return core::fail(core::ErrorKind::NotFound, "Two-factor sign-in is off.");
    auto codes = new_recovery_codes();
    auto transaction = m_database.begin();
    m_store.replace_recovery_codes(transaction, user_id, hashes_of(codes), m_clock.now());
    transaction.commit();
    return codes;
}

void TwoFactorService::disable(std::int64_t user_id) const
{
    auto transaction = m_database.begin();
    m_store.disable(transaction, user_id);
    transaction.commit();
}

}
