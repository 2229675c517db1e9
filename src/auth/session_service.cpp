#include "auth/session_service.h"

#include "auth/random.h"

#include <algorithm>

namespace auth {

namespace {

// 32 random bytes: the 256 bits SECURITY.md point 7 asks for, for tokens and CSRF secrets.
constexpr std::size_t token_bytes = 32;

std::int64_t seconds_of(std::chrono::seconds duration)
{
    return static_cast<std::int64_t>(duration.count());
}

}

std::string truncate_utf8(std::string_view text, std::size_t max_bytes)
{
    if (text.size() <= max_bytes)
        return std::string(text);
    auto cut = max_bytes;
    // Step back over continuation bytes (10xxxxxx) so the cut falls before a lead byte.
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
        --cut;
    return std::string(text.substr(0, cut));
}

core::UnixTime SessionService::absolute_end(SessionRecord const& session) const
{
    auto const absolute = session.remember ? m_policy.remember_absolute : m_policy.absolute;
    // expires_at was fixed at creation; the current policy also applies, so shortening a
    // timeout in the configuration shortens sessions already running.
    return std::min(session.expires_at, session.created_at + seconds_of(absolute));
}

core::UnixTime SessionService::deadline(SessionRecord const& session) const
{
    auto const idle = session.remember ? m_policy.remember_idle : m_policy.idle;
    return std::min(absolute_end(session), session.last_seen_at + seconds_of(idle));
}

NewSession SessionService::create(std::int64_t user_id, std::string_view user_agent, std::string_view address, Remember remember, TwoFactor two_factor) const
{
    auto const now = m_clock.now();
    auto const absolute = remember == Remember::Yes ? m_policy.remember_absolute : m_policy.absolute;
    auto token = random_token(token_bytes);
    auto transaction = m_database.begin();
    auto const id = m_sessions.insert(transaction,
        NewSessionRecord {
            .user_id = user_id,
            .token_hash = token_hash(token),
            .csrf_secret = random_token(token_bytes),
            .created_at = now,
            .expires_at = now + seconds_of(absolute),
            .remember = remember == Remember::Yes,
            .two_factor_done = two_factor == TwoFactor::Done,
            .user_agent = truncate_utf8(user_agent, max_user_agent_bytes),
            .address = truncate_utf8(address, max_address_bytes),
        });
    transaction.commit();
    return NewSession {
        .token = std::move(token),
        .session_id = id,
        .cookie_max_age = remember == Remember::Yes ? std::optional(absolute) : std::nullopt,
    };
}

std::optional<SessionRecord> SessionService::find_live(std::string_view token) const
{
    // Anything our tokens could not be is refused without touching the database.
    if (token.empty() || token.size() > max_token_bytes)
        return std::nullopt;
    auto const hash = token_hash(token);
    auto session = m_sessions.find_by_token_hash(hash);
    if (!session || session->revoked_at)
        return std::nullopt;
    auto const now = m_clock.now();
    if (now >= deadline(*session))
        return std::nullopt;
    if (now - session->last_seen_at >= seconds_of(m_policy.touch_interval)) {
        auto transaction = m_database.begin();
        // No row changed: revoked or rotated since the read above, so the token is dead.
        if (!m_sessions.touch(transaction, session->id, hash, now))
            return std::nullopt;
        transaction.commit();
        session->last_seen_at = now;
    }
    return session;
}

std::optional<ActiveSession> SessionService::validate(std::string_view token) const
{
    auto const session = find_live(token);
    if (!session)
        return std::nullopt;
    return ActiveSession {
        .id = session->id,
        .user_id = session->user_id,
        .csrf_secret = session->csrf_secret,
        .remember = session->remember ? Remember::Yes : Remember::No,
        .two_factor = session->two_factor_done ? TwoFactor::Done : TwoFactor::Pending,
        .created_at = session->created_at,
        .last_seen_at = session->last_seen_at,
        .expires_at = deadline(*session),
    };
}

std::optional<NewSession> SessionService::rotate(std::string_view token) const
{
    auto const session = find_live(token);
    if (!session)
        return std::nullopt;
    auto const now = m_clock.now();
    auto new_token = random_token(token_bytes);
    auto transaction = m_database.begin();
    // Matched on the old hash: of two concurrent rotations only one wins.
    if (!m_sessions.replace_token(transaction, token_hash(token), token_hash(new_token), random_token(token_bytes), now))
        return std::nullopt;
    transaction.commit();
    // A remembered cookie lives as long as the session may, not a fresh 90 days from now.
    std::optional<std::chrono::seconds> max_age;
    if (session->remember)
        max_age = std::chrono::seconds(absolute_end(*session) - now);
    return NewSession { .token = std::move(new_token), .session_id = session->id, .cookie_max_age = max_age };
}

bool SessionService::mark_two_factor_done(std::int64_t session_id) const
{
    auto transaction = m_database.begin();
    auto const changed = m_sessions.mark_two_factor_done(transaction, session_id);
    transaction.commit();
    return changed;
}

bool SessionService::revoke(std::int64_t session_id, std::int64_t user_id) const
{
    auto transaction = m_database.begin();
    auto const changed = m_sessions.revoke(transaction, session_id, user_id, m_clock.now());
    transaction.commit();
    return changed;
}

std::int64_t SessionService::revoke_all(std::int64_t user_id, std::optional<std::int64_t> except) const
{
    auto const now = m_clock.now();
    auto transaction = m_database.begin();
    auto const revoked = except ? m_sessions.revoke_all_except(transaction, user_id, *except, now) : m_sessions.revoke_all(transaction, user_id, now);
    transaction.commit();
    return revoked;
}

std::vector<SessionSummary> SessionService::list_active(std::int64_t user_id) const
{
    auto const now = m_clock.now();
    std::vector<SessionSummary> summaries;
    for (auto& session : m_sessions.list_unrevoked(user_id, now)) {
        if (now >= deadline(session))
            continue;
        summaries.push_back(SessionSummary {
            .id = session.id,
            .user_agent = std::move(session.user_agent),
            .address = std::move(session.address),
            .created_at = session.created_at,
            .last_seen_at = session.last_seen_at,
        });
    }
    return summaries;
}

std::int64_t SessionService::purge() const
{
    auto const now = m_clock.now();
    auto transaction = m_database.begin();
    auto const purged = m_sessions.purge(transaction, now, now - seconds_of(m_policy.keep_revoked));
    transaction.commit();
    return purged;
}

}
