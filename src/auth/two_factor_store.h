// The SQL for two-factor sign-in: each member's sealed TOTP seed, the last time step they
// used, and their hashed recovery codes (tables from migration 0005). Knows nothing of
// codes or keys: TwoFactorService holds the rules. Writes take the caller's Transaction;
// reads may run on any thread. A failing database throws storage::DatabaseError.
#pragma once

#include "core/clock.h"
#include "storage/database.h"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace auth {

struct TwoFactorRecord {
    std::string sealed_secret;
    std::optional<core::UnixTime> enabled_at; // nullopt while enrolment is pending
    std::int64_t last_used_step = 0;

    bool enabled() const { return enabled_at.has_value(); }
};

class TwoFactorStore {
public:
    explicit TwoFactorStore(storage::Database& database)
        : m_database(database)
    {
    }

    // Stores a new, not yet enabled seed, replacing a pending one. Returns false, and changes
    // nothing, when two-factor sign-in is already enabled: it must be disabled first, so
    // starting over never switches off a working second factor.
    [[nodiscard]] bool save_pending_secret(storage::Transaction& transaction, std::int64_t user_id, std::string_view sealed_secret,
        core::UnixTime now) const;
    // Enables the pending seed if it is still `sealed_secret` (the one the confirming code was
    // checked against, not one a second enrolment put in since), with `step`, the confirming
    // code's step, as used. Returns false when no such seed is pending.
    [[nodiscard]] bool enable(storage::Transaction& transaction, std::int64_t user_id, std::string_view sealed_secret,
        std::int64_t step, core::UnixTime now) const;
    // Removes the seed and every recovery code.
    void disable(storage::Transaction& transaction, std::int64_t user_id) const;
    std::optional<TwoFactorRecord> find(std::int64_t user_id) const;
    // Moves last_used_step forward to `step`; returns false (and changes nothing) unless
    // `step` is later than the stored one. The check and the write are one statement, so of
    // two requests racing with the same code only one gets true.
    [[nodiscard]] bool record_used_step(storage::Transaction& transaction, std::int64_t user_id, std::int64_t step) const;

    // Replaces all of a member's recovery codes with these hashes.
    void replace_recovery_codes(storage::Transaction& transaction, std::int64_t user_id, std::span<std::string const> code_hashes,
        core::UnixTime now) const;
    // Marks the code used; true only the first time, for an unused code of this member.
    [[nodiscard]] bool use_recovery_code(storage::Transaction& transaction, std::int64_t user_id, std::string_view code_hash,
        core::UnixTime now) const;
    std::int64_t count_unused_recovery_codes(std::int64_t user_id) const;

private:
    storage::Database& m_database;
};

}
