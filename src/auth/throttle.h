// Throttling of failed attempts (SECURITY.md 2): every authentication path counts failures per
// account and per client address in the database, so the counts hold across nodes. After a
// policy's free attempts each further failure blocks the key for a delay that doubles up to a
// cap; a window of quiet starts the count again. Never a permanent lock-out: the longest block
// is the cap. The service is stateless apart from its references and safe from any thread;
// a failing database throws.
#pragma once

#include "auth/throttle_store.h"
#include "core/clock.h"
#include "core/error.h"

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

namespace auth {

// One counter family per authentication path; the names are what throttles.scope holds.
enum class ThrottleScope { SignIn,
    SecondFactor,
    Registration,
    PasswordReset,
    VerificationResend };
inline constexpr std::size_t throttle_scope_count = 5;
std::string_view throttle_scope_name(ThrottleScope scope); // "sign_in", "second_factor", ...

struct ThrottlePolicy {
    int free_attempts = 5; // failures within a window before any delay
    std::chrono::seconds first_delay { 1 }; // the block after the first failure past the free ones
    std::chrono::seconds max_delay { 15 * 60 }; // the doubling stops here
    // The count starts again once this long has passed since the window began and since the
    // last block ended (so a key that keeps failing at the cap never gets its free attempts back).
    std::chrono::seconds window { 60 * 60 };
};

using ThrottlePolicies = std::array<ThrottlePolicy, throttle_scope_count>; // indexed by ThrottleScope
// The defaults: ThrottlePolicy {} everywhere, stricter for the paths that send mail.
ThrottlePolicies default_throttle_policies();

// How long a key is blocked after its `failures`-th failure in a window: 0 for the free
// attempts, then first_delay, 2 x first_delay, 4 x ... capped at max_delay.
std::chrono::seconds throttle_delay(ThrottlePolicy const& policy, std::int64_t failures);

// Whether an attempt may go ahead, and if not, for how long the caller must wait
// (the Retry-After of a 429).
struct ThrottleDecision {
    std::chrono::seconds retry_after { 0 };

    bool allowed() const { return retry_after <= std::chrono::seconds { 0 }; }
    // Success when allowed, else a Throttled error that words the wait for the visitor.
    core::Result<void> result() const;
};

// The account key: a hash of the ASCII lower-cased username, whether or not the account
// exists, so unknown names are throttled alike and the table names nobody.
std::string account_throttle_key(std::string_view username);
// The address key: an IPv4 address as is (also when IPv4-mapped), an IPv6 address by its /64,
// since one host usually holds a whole /64. Anything else is used as given.
std::string address_throttle_key(std::string_view address);

class ThrottleService {
public:
    ThrottleService(storage::Database& database, ThrottleStore const& store, core::Clock const& clock,
        ThrottlePolicies policies = default_throttle_policies())
        : m_database(database)
        , m_store(store)
        , m_clock(clock)
        , m_policies(policies)
    {
    }

    // Refuses when any of the keys is blocked, with the longest wait among them. Reads only.
    ThrottleDecision check(ThrottleScope scope, std::initializer_list<std::string_view> keys) const;
    // Counts one failed attempt against each key, in one transaction; returns the wait the
    // keys now impose (zero while the attempts are still free).
    ThrottleDecision record_failure(ThrottleScope scope, std::initializer_list<std::string_view> keys) const;
    // Check and count in one step, for paths that verify something slow (a password hash):
    // refuses like check() and then counts nothing; otherwise counts the attempt as a failure
    // before the verification runs, so parallel requests cannot all slip through one check.
    // After a correct answer, call record_success for the account key and forgive for the address.
    ThrottleDecision begin_attempt(ThrottleScope scope, std::initializer_list<std::string_view> keys) const;
    // Takes back one attempt counted by begin_attempt, for an address whose attempt succeeded,
    // so members signing in from a shared address do not slow each other down.
    void forgive(ThrottleScope scope, std::string_view key) const;
    // Forgets the key's failures: pass the account key after a correct password, and keep the
    // address key counting, so one good account does not launder an address's guesses.
    void record_success(ThrottleScope scope, std::string_view key) const;
    // Deletes counters quiet for longer than every scope's window; returns how many.
    std::int64_t prune() const;

    ThrottlePolicy const& policy(ThrottleScope scope) const { return m_policies[static_cast<std::size_t>(scope)]; }

private:
    storage::Database& m_database;
    ThrottleStore const& m_store;
    core::Clock const& m_clock;
    ThrottlePolicies m_policies;
};

}
