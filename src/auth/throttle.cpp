#include "auth/throttle.h"

#include "auth/random.h"

#include <algorithm>
#include <arpa/inet.h>
#include <array>
#include <fmt/format.h>
#include <span>

namespace auth {

namespace {

using std::chrono::seconds;

constexpr std::array scope_names = { "sign_in", "second_factor", "registration", "password_reset", "verification_resend" };
static_assert(scope_names.size() == throttle_scope_count);

// Unparseable addresses (a misconfigured proxy header) still count, under a bounded key.
constexpr std::size_t max_raw_address = 64;

std::string lower_ascii(std::string_view text)
{
    std::string lower(text);
    std::ranges::transform(lower, lower.begin(), [](unsigned char c) { return static_cast<char>(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c); });
    return lower;
}

std::string wording(seconds wait)
{
    if (wait < seconds { 120 })
        return fmt::format("{} second{}", wait.count(), wait.count() == 1 ? "" : "s");
    return fmt::format("{} minutes", (wait.count() + 59) / 60);
}

}

std::string_view throttle_scope_name(ThrottleScope scope)
{
    return scope_names.at(static_cast<std::size_t>(scope));
}

ThrottlePolicies default_throttle_policies()
{
    ThrottlePolicies policies;
    policies.fill(ThrottlePolicy {});
    // Each of these sends an e-mail: a few an hour is plenty for a person, and a slower
    // ramp keeps the site from being used to flood someone's inbox.
    constexpr ThrottlePolicy mail_sending { .free_attempts = 3, .first_delay = seconds { 60 }, .max_delay = seconds { 60 * 60 }, .window = seconds { 24 * 60 * 60 } };
    policies[static_cast<std::size_t>(ThrottleScope::PasswordReset)] = mail_sending;
    policies[static_cast<std::size_t>(ThrottleScope::VerificationResend)] = mail_sending;
    return policies;
}

seconds throttle_delay(ThrottlePolicy const& policy, std::int64_t failures)
{
    if (failures <= policy.free_attempts || policy.first_delay <= seconds { 0 })
        return seconds { 0 };
    // Doubling in a loop that stops at the cap, so a huge count cannot overflow a shift.
    auto delay = policy.first_delay;
    for (auto extra = failures - policy.free_attempts - 1; extra > 0 && delay < policy.max_delay; --extra)
        delay *= 2;
    return std::min(delay, policy.max_delay);
}

core::Result<void> ThrottleDecision::result() const
{
    if (allowed())
        return {};
    return core::fail(core::ErrorKind::Throttled, fmt::format("Too many attempts. Please wait {} and try again.", wording(retry_after)));
}

std::string account_throttle_key(std::string_view username)
{
    return "account:" + token_hash(lower_ascii(username));
}

std::string address_throttle_key(std::string_view address)
{
    std::string text(address);
    if (text.size() > 2 && text.front() == '[' && text.back() == ']')
        text = text.substr(1, text.size() - 2);
    if (auto const zone = text.find('%'); zone != std::string::npos)
        text.resize(zone);
    std::array<unsigned char, 16> bytes {};
    if (inet_pton(AF_INET, text.c_str(), bytes.data()) == 1)
        return "address:" + text;
    if (inet_pton(AF_INET6, text.c_str(), bytes.data()) == 1) {
        // ::ffff:a.b.c.d is an IPv4 client on a dual-stack socket.
        constexpr std::array<unsigned char, 12> mapped_prefix = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF };
        char printed[INET6_ADDRSTRLEN] = {};
        if (std::ranges::equal(std::span(bytes).first(12), mapped_prefix)) {
            inet_ntop(AF_INET, bytes.data() + 12, printed, sizeof printed);
            return fmt::format("address:{}", printed);
        }
        std::fill(bytes.begin() + 8, bytes.end(), 0);
        inet_ntop(AF_INET6, bytes.data(), printed, sizeof printed);
        return fmt::format("address:{}/64", printed);
    }
    return "address:" + std::string(address.substr(0, max_raw_address));
}

ThrottleDecision ThrottleService::check(ThrottleScope scope, std::initializer_list<std::string_view> keys) const
{
    auto const now = m_clock.now();
    ThrottleDecision decision;
    for (auto const key : keys) {
        auto const counter = m_store.find(throttle_scope_name(scope), key);
        if (counter && counter->blocked_until > now)
            decision.retry_after = std::max(decision.retry_after, seconds { counter->blocked_until - now });
    }
    return decision;
}

ThrottleDecision ThrottleService::record_failure(ThrottleScope scope, std::initializer_list<std::string_view> keys) const
{
    auto const& rules = policy(scope);
    auto const name = throttle_scope_name(scope);
    auto const now = m_clock.now();
    ThrottleDecision decision;
    auto transaction = m_database.begin();
    for (auto const key : keys) {
        auto const counter = m_store.record_failure(transaction, name, key, now, now - rules.window.count());
        auto blocked_until = counter.blocked_until;
        if (auto const delay = throttle_delay(rules, counter.failures); delay > seconds { 0 }) {
            blocked_until = std::max(blocked_until, now + delay.count());
            m_store.block(transaction, name, key, blocked_until);
        }
        if (blocked_until > now)
            decision.retry_after = std::max(decision.retry_after, seconds { blocked_until - now });
    }
    transaction.commit();
    return decision;
}

ThrottleDecision ThrottleService::begin_attempt(ThrottleScope scope, std::initializer_list<std::string_view> keys) const
{
    auto const& rules = policy(scope);
    auto const name = throttle_scope_name(scope);
    auto const now = m_clock.now();
    {
        auto transaction = m_database.begin();
        bool blocked = false;
        for (auto const key : keys) {
            auto const counter = m_store.record_attempt(transaction, name, key, now, now - rules.window.count());
            if (!counter) {
                blocked = true; // the transaction rolls back the keys counted before this one
                break;
            }
            if (auto const delay = throttle_delay(rules, counter->failures); delay > seconds { 0 })
                m_store.block(transaction, name, key, now + delay.count());
        }
        if (!blocked) {
            transaction.commit();
            return ThrottleDecision {};
        }
    }
    // The block may end between the two reads; a refusal still asks for at least a second.
    return ThrottleDecision { .retry_after = std::max(check(scope, keys).retry_after, seconds { 1 }) };
}

void ThrottleService::forgive(ThrottleScope scope, std::string_view key) const
{
    auto transaction = m_database.begin();
    m_store.uncount(transaction, throttle_scope_name(scope), key);
    transaction.commit();
}

void ThrottleService::record_success(ThrottleScope scope, std::string_view key) const
{
    auto transaction = m_database.begin();
    m_store.clear(transaction, throttle_scope_name(scope), key);
    transaction.commit();
}

std::int64_t ThrottleService::prune() const
{
    // A counter quiet for its whole window would start again from 1 anyway: same as no row.
    auto const longest = std::ranges::max(m_policies, {}, &ThrottlePolicy::window).window;
    auto transaction = m_database.begin();
    auto const pruned = m_store.prune(transaction, m_clock.now() - longest.count());
    transaction.commit();
    return pruned;
}

}
