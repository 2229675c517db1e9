#include "auth/session_service.h"

#include "../storage/temporary_database.h"
#include "auth/random.h"

#include <gtest/gtest.h>

using namespace std::chrono_literals;
using auth::Remember;
using auth::SessionService;
using auth::TwoFactor;
using testing_support::TemporaryDatabase;

namespace {

constexpr core::UnixTime start = 1'700'000'000;
constexpr core::UnixTime hour = 3600;
constexpr core::UnixTime day = 24 * hour;

class SessionServiceTest : public ::testing::Test {
protected:
    auth::NewSession create(std::int64_t user_id, Remember remember = Remember::No, TwoFactor two_factor = TwoFactor::Done)
    {
        return service.create(user_id, "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0", "192.0.2.7", remember, two_factor);
    }
    core::UnixTime last_seen_in_database(std::int64_t session_id)
    {
        return database->query_one("SELECT last_seen_at FROM sessions WHERE id = $1", { session_id })->integer(0);
    }

    TemporaryDatabase database;
    core::FixedClock clock { start };
    auth::SessionStore store { *database };
    SessionService service { *database, store, clock };
    std::int64_t ada = database.insert_user("ada");
    std::int64_t bob = database.insert_user("bob");
};

TEST_F(SessionServiceTest, CreatesAValidSession)
{
    auto const created = create(ada, Remember::No, TwoFactor::Pending);
    EXPECT_EQ(created.token.size(), 43u); // 256 bits in unpadded base64url
    EXPECT_EQ(created.cookie_max_age, std::nullopt);

    auto const session = service.validate(created.token);
    ASSERT_TRUE(session);
    EXPECT_EQ(session->id, created.session_id);
    EXPECT_EQ(session->user_id, ada);
    EXPECT_EQ(session->remember, Remember::No);
    EXPECT_EQ(session->two_factor, TwoFactor::Pending);
    EXPECT_EQ(session->created_at, start);
    EXPECT_EQ(session->last_seen_at, start);
    EXPECT_EQ(session->expires_at, start + day);
    EXPECT_EQ(session->csrf_secret.size(), 43u);

    auto const remembered = create(ada, Remember::Yes);
    EXPECT_EQ(remembered.cookie_max_age, std::chrono::seconds(std::chrono::days(90)));
    EXPECT_NE(remembered.token, created.token);
    EXPECT_EQ(service.validate(remembered.token)->expires_at, start + 30 * day);
}

TEST_F(SessionServiceTest, StoresOnlyTheTokenHash)
{
    auto const created = create(ada);
    auto const rows = database->query("SELECT * FROM sessions");
    ASSERT_EQ(rows.size(), 1u);
    for (std::size_t column = 0; column < rows[0].size(); ++column) {
        if (rows[0][column].is_text()) {
            EXPECT_EQ(rows[0][column].text().find(created.token), std::string::npos) << "column " << column;
        }
    }
    auto const stored = database->query_one("SELECT token_hash FROM sessions WHERE id = $1", { created.session_id });
    EXPECT_EQ(stored->text(0), auth::token_hash(created.token));
}

TEST_F(SessionServiceTest, RefusesUnknownAndMalformedTokens)
{
    create(ada);
    EXPECT_FALSE(service.validate(""));
    EXPECT_FALSE(service.validate(auth::random_token()));
    EXPECT_FALSE(service.validate(std::string(10'000, 'a')));
    EXPECT_FALSE(service.validate(auth::token_hash(create(ada).token))); // the stored hash is not a token
}

TEST_F(SessionServiceTest, IdleTimeoutDependsOnRemember)
{
    auto const plain = create(ada, Remember::No);
    auto const other_plain = create(ada, Remember::No);
    auto const remembered = create(ada, Remember::Yes);

    clock.set(start + day - 1);
    EXPECT_TRUE(service.validate(other_plain.token));
    clock.set(start + day);
    EXPECT_FALSE(service.validate(plain.token));
    EXPECT_TRUE(service.validate(remembered.token));

    clock.set(start + day + 30 * day - 1);
    EXPECT_TRUE(service.validate(remembered.token)); // last seen at start + day
    clock.set(start + day + 30 * day - 1 + 30 * day);
    EXPECT_FALSE(service.validate(remembered.token));
}

TEST_F(SessionServiceTest, ActivityKeepsASessionUntilItsAbsoluteLimit)
{
    auto const plain = create(ada, Remember::No);
    auto const remembered = create(ada, Remember::Yes);

    // Used every 12 hours, never idle for long.
    for (auto now = start; now < start + 7 * day; now += 12 * hour) {
        clock.set(now);
        ASSERT_TRUE(service.validate(plain.token)) << (now - start) / hour << " hours in";
    }
    clock.set(start + 7 * day - 1);
    auto const last = service.validate(plain.token);
    ASSERT_TRUE(last);
    EXPECT_EQ(last->expires_at, start + 7 * day); // never past the absolute limit
    clock.set(start + 7 * day);
    EXPECT_FALSE(service.validate(plain.token));

    for (auto now = start; now < start + 90 * day; now += 20 * day) {
        clock.set(now);
        ASSERT_TRUE(service.validate(remembered.token)) << (now - start) / day << " days in";
    }
    clock.set(start + 90 * day - 1);
    EXPECT_TRUE(service.validate(remembered.token));
    clock.set(start + 90 * day);
    EXPECT_FALSE(service.validate(remembered.token));
}

TEST_F(SessionServiceTest, ShorterPolicyAppliesToRunningSessions)
{
    auto const created = create(ada);
    SessionService const stricter(*database, store, clock, { .absolute = 1h });
    clock.set(start + hour);
    EXPECT_FALSE(stricter.validate(created.token));
    EXPECT_TRUE(service.validate(created.token));
}

TEST_F(SessionServiceTest, RecordsActivityAtMostOncePerTouchInterval)
{
    auto const created = create(ada);
    clock.set(start + 59);
    EXPECT_EQ(service.validate(created.token)->last_seen_at, start);
    EXPECT_EQ(last_seen_in_database(created.session_id), start);
    clock.set(start + 60);
    EXPECT_EQ(service.validate(created.token)->last_seen_at, start + 60);
    EXPECT_EQ(last_seen_in_database(created.session_id), start + 60);
    clock.set(start + 119);
    EXPECT_TRUE(service.validate(created.token));
    EXPECT_EQ(last_seen_in_database(created.session_id), start + 60);
    clock.set(start + 120);
    EXPECT_TRUE(service.validate(created.token));
    EXPECT_EQ(last_seen_in_database(created.session_id), start + 120);
}

TEST_F(SessionServiceTest, RotateReplacesTheToken)
{
    auto const created = create(ada, Remember::Yes, TwoFactor::Pending);
    auto const before = service.validate(created.token);
    clock.set(start + 10 * day);
    auto const rotated = service.rotate(created.token);
    ASSERT_TRUE(rotated);
    EXPECT_EQ(rotated->session_id, created.session_id);
    EXPECT_NE(rotated->token, created.token);
    EXPECT_EQ(rotated->cookie_max_age, std::chrono::seconds(80 * day));

    EXPECT_FALSE(service.validate(created.token));
    EXPECT_FALSE(service.rotate(created.token));
    auto const after = service.validate(rotated->token);
    ASSERT_TRUE(after);
    EXPECT_EQ(after->id, created.session_id);
    EXPECT_NE(after->csrf_secret, before->csrf_secret);
    EXPECT_EQ(after->created_at, start); // rotation does not extend the absolute limit

    EXPECT_FALSE(service.rotate(auth::random_token()));
    EXPECT_EQ(service.rotate(create(ada).token)->cookie_max_age, std::nullopt);
}

TEST_F(SessionServiceTest, RotateRefusesRevokedAndExpired)
{
    auto const revoked = create(ada);
    ASSERT_TRUE(service.revoke(revoked.session_id, ada));
    EXPECT_FALSE(service.rotate(revoked.token));
    auto const expired = create(ada);
    clock.set(start + day);
    EXPECT_FALSE(service.rotate(expired.token));
}

TEST_F(SessionServiceTest, MarksTheSecondFactor)
{
    // The sign-in second step: password accepted, code accepted, then a new token.
    auto const created = create(ada, Remember::No, TwoFactor::Pending);
    EXPECT_EQ(service.validate(created.token)->two_factor, TwoFactor::Pending);
    EXPECT_TRUE(service.mark_two_factor_done(created.session_id));
    auto const rotated = service.rotate(created.token);
    ASSERT_TRUE(rotated);
    EXPECT_FALSE(service.validate(created.token));
    EXPECT_EQ(service.validate(rotated->token)->two_factor, TwoFactor::Done);

    EXPECT_FALSE(service.mark_two_factor_done(created.session_id + 100));
    auto const revoked = create(ada, Remember::No, TwoFactor::Pending);
    ASSERT_TRUE(service.revoke(revoked.session_id, ada));
    EXPECT_FALSE(service.mark_two_factor_done(revoked.session_id));
}

TEST_F(SessionServiceTest, RevokeTakesEffectImmediately)
{
    auto const created = create(ada);
    ASSERT_TRUE(service.validate(created.token));
    EXPECT_TRUE(service.revoke(created.session_id, ada));
    EXPECT_FALSE(service.validate(created.token));
    EXPECT_FALSE(service.revoke(created.session_id, ada));
}

TEST_F(SessionServiceTest, CannotRevokeAnotherUsersSession)
{
    auto const adas = create(ada);
    EXPECT_FALSE(service.revoke(adas.session_id, bob));
    EXPECT_TRUE(service.validate(adas.token));
}

TEST_F(SessionServiceTest, RevokeAllKeepsTheCurrentSessionWhenAsked)
{
    auto const current = create(ada);
    auto const laptop = create(ada);
    auto const phone = create(ada);
    auto const bobs = create(bob);

    EXPECT_EQ(service.revoke_all(ada, current.session_id), 2);
    EXPECT_TRUE(service.validate(current.token));
    EXPECT_FALSE(service.validate(laptop.token));
    EXPECT_FALSE(service.validate(phone.token));
    EXPECT_TRUE(service.validate(bobs.token));

    // Someone else's session id as the exception keeps nothing of theirs alive.
    EXPECT_EQ(service.revoke_all(ada, bobs.session_id), 1);
    EXPECT_FALSE(service.validate(current.token));
    EXPECT_TRUE(service.validate(bobs.token));

    auto const again = create(ada);
    EXPECT_EQ(service.revoke_all(ada), 1);
    EXPECT_FALSE(service.validate(again.token));
}

TEST_F(SessionServiceTest, ListsActiveSessionsMostRecentFirst)
{
    auto const old_one = create(ada);
    clock.set(start + 100);
    auto const newer = service.create(ada, std::string(1000, 'u'), std::string(200, '9'), Remember::Yes, TwoFactor::Done);
    auto const revoked = create(ada);
    ASSERT_TRUE(service.revoke(revoked.session_id, ada));
    create(bob);
    clock.set(start + 200);
    ASSERT_TRUE(service.validate(old_one.token)); // now the most recently seen

    auto const listed = service.list_active(ada);
    ASSERT_EQ(listed.size(), 2u);
    EXPECT_EQ(listed[0].id, old_one.session_id);
    EXPECT_EQ(listed[0].last_seen_at, start + 200);
    EXPECT_EQ(listed[0].created_at, start);
    EXPECT_EQ(listed[0].user_agent, "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0");
    EXPECT_EQ(listed[0].address, "192.0.2.7");
    EXPECT_EQ(listed[1].id, newer.session_id);
    EXPECT_EQ(listed[1].user_agent, std::string(auth::max_user_agent_bytes, 'u'));
    EXPECT_EQ(listed[1].address, std::string(auth::max_address_bytes, '9'));

    // Idle-expired sessions drop off the list.
    clock.set(start + 200 + day);
    auto const later = service.list_active(ada);
    ASSERT_EQ(later.size(), 1u);
    EXPECT_EQ(later[0].id, newer.session_id);
}

TEST_F(SessionServiceTest, PurgesFinishedSessions)
{
    auto const live = create(ada, Remember::Yes);
    create(ada); // will be idle-expired and past its absolute limit
    auto const revoked = create(ada, Remember::Yes);
    ASSERT_TRUE(service.revoke(revoked.session_id, ada));
    clock.set(start + 8 * day);
    ASSERT_TRUE(service.validate(live.token));
    EXPECT_EQ(service.purge(), 2);
    EXPECT_TRUE(service.validate(live.token));
}

TEST(TruncateUtf8, CutsAtCharacterBoundaries)
{
    struct Case {
        std::string text;
        std::size_t max_bytes;
        std::string expected;
    };
    Case const cases[] = {
        { "short", 10, "short" },
        { "exact", 5, "exact" },
        { "abcdef", 3, "abc" },
        { "caf\xc3\xa9", 4, "caf" },
        { "caf\xc3\xa9", 5, "caf\xc3\xa9" },
        { "\xe2\x82\xac\xe2\x82\xac", 5, "\xe2\x82\xac" },
        { "\xf0\x9f\x98\x80", 3, "" },
        { "", 0, "" },
    };
    for (auto const& test : cases)
        EXPECT_EQ(auth::truncate_utf8(test.text, test.max_bytes), test.expected) << test.text << " to " << test.max_bytes;
}

}
