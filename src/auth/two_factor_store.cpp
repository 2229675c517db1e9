#include "auth/two_factor_store.h"

namespace auth {

namespace {

// The DO UPDATE's WHERE leaves an enabled row alone; RETURNING then gives no row.
constexpr auto upsert_pending_secret = R"sql(
INSERT INTO two_factor (user_id, sealed_secret, enabled_at, last_used_step, created_at)
VALUES ($1, $2, NULL, 0, $3)
ON CONFLICT (user_id) DO UPDATE
SET sealed_secret = excluded.sealed_secret, last_used_step = 0, created_at = excluded.created_at
WHERE two_factor.enabled_at IS NULL
RETURNING user_id)sql";

constexpr auto enable_secret = R"sql(
UPDATE two_factor SET enabled_at = $3, last_used_step = $2
WHERE user_id = $1 AND sealed_secret = $4 AND enabled_at IS NULL)sql";

constexpr auto delete_recovery_codes = R"sql(
DELETE FROM recovery_codes WHERE user_id = $1)sql";

constexpr auto delete_secret = R"sql(
DELETE FROM two_factor WHERE user_id = $1)sql";

constexpr auto select_secret = R"sql(
SELECT sealed_secret, enabled_at, last_used_step
FROM two_factor
WHERE user_id = $1)sql";

constexpr auto advance_used_step = R"sql(
UPDATE two_factor SET last_used_step = $2
WHERE user_id = $1 AND last_used_step < $2)sql";

constexpr auto insert_recovery_code = R"sql(
INSERT INTO recovery_codes (user_id, code_hash, used_at, created_at)
VALUES ($1, $2, NULL, $3))sql";

constexpr auto spend_recovery_code = R"sql(
UPDATE recovery_codes SET used_at = $3
WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL)sql";

constexpr auto count_unused = R"sql(
SELECT COUNT(*) FROM recovery_codes
WHERE user_id = $1 AND used_at IS NULL)sql";

}

bool TwoFactorStore::save_pending_secret(storage::Transaction& transaction, std::int64_t user_id, std::string_view sealed_secret,
    core::UnixTime now) const
{
    return transaction.query_one(upsert_pending_secret, { user_id, sealed_secret, now }).has_value();
}

bool TwoFactorStore::enable(storage::Transaction& transaction, std::int64_t user_id, std::string_view sealed_secret, std::int64_t step,
    core::UnixTime now) const
{
    return transaction.execute(enable_secret, { user_id, step, now, sealed_secret }) == 1;
}

void TwoFactorStore::disable(storage::Transaction& transaction, std::int64_t user_id) const
{
    transaction.execute(delete_recovery_codes, { user_id });
    transaction.execute(delete_secret, { user_id });
}

std::optional<TwoFactorRecord> TwoFactorStore::find(std::int64_t user_id) const
{
    auto const row = m_database.query_one(select_secret, { user_id });
    if (!row)
        return std::nullopt;
    return TwoFactorRecord {
        .sealed_secret = row->text(0),
        .enabled_at = row->optional_integer(1),
        .last_used_step = row->integer(2),
    };
}

bool TwoFactorStore::record_used_step(storage::Transaction& transaction, std::int64_t user_id, std::int64_t step) const
{
    return transaction.execute(advance_used_step, { user_id, step }) == 1;
}

void TwoFactorStore::replace_recovery_codes(storage::Transaction& transaction, std::int64_t user_id,
    std::span<std::string const> code_hashes, core::UnixTime now) const
{
    transaction.execute(delete_recovery_codes, { user_id });
    for (auto const& hash : code_hashes)
        transaction.execute(insert_recovery_code, { user_id, hash, now });
}

bool TwoFactorStore::use_recovery_code(storage::Transaction& transaction, std::int64_t user_id, std::string_view code_hash,
    core::UnixTime now) const
{
    return transaction.execute(spend_recovery_code, { user_id, code_hash, now }) > 0;
}

std::int64_t TwoFactorStore::count_unused_recovery_codes(std::int64_t user_id) const
{
    return m_database.query_one(count_unused, { user_id })->integer(0);
}

}
