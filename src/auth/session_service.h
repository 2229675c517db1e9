// Signed-in sessions and their rules (SECURITY.md point 7): 256-bit random tokens of which
// only the hash is stored; idle and absolute timeouts; rotation at sign-in steps and privilege
// changes; revocation that is server-side and effective on the very next request. Safe to
// call from any thread (state is in the database); a failing database throws.
#pragma once

#include "auth/session_store.h"
#include "core/clock.h"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace auth {

enum class Remember { No,
    Yes };
enum class TwoFactor { Pending,
    Done };

// Defaults for a publishing site, where a stolen cookie lets someone post in a member's name
// but not move money. Idle is measured from the last recorded activity (so up to
// touch_interval early), absolute from sign-in; activity never extends the absolute limit.
// Limits are checked against the policy in force, so shortening one ends running sessions.
struct SessionPolicy {
    // Without "remember me": a day of inactivity or a week in all, then sign in again.
    std::chrono::seconds idle = std::chrono::hours(24);
    std::chrono::seconds absolute = std::chrono::days(7);
    // With it: a month away, and a fresh sign-in each quarter at the latest.
    std::chrono::seconds remember_idle = std::chrono::days(30);
    std::chrono::seconds remember_absolute = std::chrono::days(90);
    // last_seen_at is written at most this often, so most requests only read.
    std::chrono::seconds touch_interval = std::chrono::seconds(60);
    // purge() keeps revoked rows this long, as a record of recent sign-outs.
    std::chrono::seconds keep_revoked = std::chrono::days(7);
};

// What to put in the cookie. The token exists only here and in the browser.
struct NewSession {
    std::string token;
    std::int64_t session_id = 0;
    // For the cookie's Max-Age: the absolute limit when remembered, else none (the cookie
    // ends with the browser session; the server-side limits hold either way).
    std::optional<std::chrono::seconds> cookie_max_age;
};

// A session validate() accepted.
struct ActiveSession {
    std::int64_t id = 0;
    std::int64_t user_id = 0;
    std::string csrf_secret; // for csrf.h; never shown as is
    Remember remember = Remember::No;
    TwoFactor two_factor = TwoFactor::Pending;
    core::UnixTime created_at = 0;
    core::UnixTime last_seen_at = 0;
    core::UnixTime expires_at = 0; // the earlier of the idle and absolute limits, as of now
};

// One line of the "your sessions" page.
struct SessionSummary {
    std::int64_t id = 0;
    std::string user_agent;
    std::string address;
    core::UnixTime created_at = 0;
    core::UnixTime last_seen_at = 0;
};

// Longest user agent and address kept, in bytes (cut at a UTF-8 boundary): enough to tell
// devices apart without letting a client store kilobytes per sign-in.
inline constexpr std::size_t max_user_agent_bytes = 256;
inline constexpr std::size_t max_address_bytes = 64;
// Tokens longer than this are refused before hashing or querying.
inline constexpr std::size_t max_token_bytes = 128;

class SessionService {
public:
    SessionService(storage::Database& database, SessionStore const& sessions, core::Clock const& clock, SessionPolicy policy = {})
        : m_database(database)
        , m_sessions(sessions)
        , m_clock(clock)
        , m_policy(policy)
    {
    }

    // Starts a session for a user who has just proved who they are.
    [[nodiscard]] NewSession create(std::int64_t user_id, std::string_view user_agent, std::string_view address, Remember remember, TwoFactor two_factor) const;
    // The session the token belongs to, or nullopt when unknown, revoked or expired.
    // Records activity at most once per touch_interval.
    [[nodiscard]] std::optional<ActiveSession> validate(std::string_view token) const;
    // A new token and CSRF secret for the same session; the old token, and forms rendered
    // with the old secret, stop working. Call at each sign-in step and privilege change.
    // nullopt when the token is not valid. Does not extend the absolute limit.
    [[nodiscard]] std::optional<NewSession> rotate(std::string_view token) const;
    // Records the second factor; rotate() right after, so the pre-2FA token is worthless.
    // False when the session is unknown or revoked.
    [[nodiscard]] bool mark_two_factor_done(std::int64_t session_id) const;
    // Revokes one of the user's sessions; false when it is not theirs or already revoked.
    [[nodiscard]] bool revoke(std::int64_t session_id, std::int64_t user_id) const;
    // Revokes every session of the user but `except` (the current one, to stay signed in);
    // returns how many. For sign-out everywhere, password change, reset and suspension.
    std::int64_t revoke_all(std::int64_t user_id, std::optional<std::int64_t> except = std::nullopt) const;
    // The user's live sessions, most recently seen first.
    std::vector<SessionSummary> list_active(std::int64_t user_id) const;
    // Deletes expired sessions and those revoked longer ago than keep_revoked; returns how many.
    std::int64_t purge() const;

    SessionPolicy const& policy() const { return m_policy; }

private:
    // The session is over at these seconds: the absolute limit, and the earlier of it and the idle limit.
    core::UnixTime absolute_end(SessionRecord const& session) const;
    core::UnixTime deadline(SessionRecord const& session) const;
    // The unrevoked, unexpired session of the token, its activity recorded when due.
    std::optional<SessionRecord> find_live(std::string_view token) const;

    storage::Database& m_database;
    SessionStore const& m_sessions;
    core::Clock const& m_clock;
    SessionPolicy m_policy;
};

// `text` cut to at most `max_bytes` without splitting a UTF-8 sequence.
std::string truncate_utf8(std::string_view text, std::size_t max_bytes);

}
