#include "auth/session_store.h"

#include "../storage/temporary_database.h"

#include <gtest/gtest.h>

using auth::NewSessionRecord;
using auth::SessionStore;
using testing_support::TemporaryDatabase;

namespace {

constexpr core::UnixTime start = 1'700'000'000;

NewSessionRecord new_session(std::int64_t user_id, std::string token_hash, core::UnixTime created_at = start)
{
    return NewSessionRecord {
        .user_id = user_id,
        .token_hash = std::move(token_hash),
        .csrf_secret = "csrf-secret",
        .created_at = created_at,
        .expires_at = created_at + 1000,
        .remember = true,
        .two_factor_done = false,
        .user_agent = "Firefox",
        .address = "192.0.2.1",
    };
}

std::int64_t insert(storage::Database& database, NewSessionRecord const& session)
{
    SessionStore const sessions(database);
    auto transaction = database.begin();
    auto const id = sessions.insert(transaction, session);
    transaction.commit();
    return id;
}

TEST(SessionStore, InsertsAndFindsByHash)
{
    TemporaryDatabase database;
    auto const user = database.insert_user("ada");
    SessionStore const sessions(*database);
    auto const id = insert(*database, new_session(user, "hash-1"));

    auto const found = sessions.find_by_token_hash("hash-1");
    ASSERT_TRUE(found);
    EXPECT_EQ(found->id, id);
    EXPECT_EQ(found->user_id, user);
    EXPECT_EQ(found->csrf_secret, "csrf-secret");
    EXPECT_EQ(found->created_at, start);
    EXPECT_EQ(found->last_seen_at, start);
    EXPECT_EQ(found->expires_at, start + 1000);
    EXPECT_TRUE(found->remember);
    EXPECT_FALSE(found->two_factor_done);
    EXPECT_EQ(found->user_agent, "Firefox");
    EXPECT_EQ(found->address, "192.0.2.1");
    EXPECT_EQ(found->revoked_at, std::nullopt);
    EXPECT_FALSE(sessions.find_by_token_hash("hash-2"));
}

TEST(SessionStore, TokenHashesAreUnique)
{
    TemporaryDatabase database;
    auto const user = database.insert_user("ada");
    insert(*database, new_session(user, "same"));
    EXPECT_THROW(insert(*database, new_session(user, "same")), storage::ConstraintError);
}

TEST(SessionStore, NeedsAnExistingUserAndGoesWithIt)
{
    TemporaryDatabase database;
    EXPECT_THROW(insert(*database, new_session(999, "orphan")), storage::ConstraintError);

    auto const user = database.insert_user("ada");
    insert(*database, new_session(user, "hash"));
    auto transaction = database->begin();
    transaction.execute("DELETE FROM users WHERE id = $1", { user });
    transaction.commit();
    EXPECT_FALSE(SessionStore(*database).find_by_token_hash("hash"));
}

TEST(SessionStore, WritesLeaveRevokedRowsAlone)
{
    TemporaryDatabase database;
    auto const user = database.insert_user("ada");
    SessionStore const sessions(*database);
    auto const id = insert(*database, new_session(user, "hash"));

    auto transaction = database->begin();
    EXPECT_TRUE(sessions.touch(transaction, id, "hash", start + 5));
    EXPECT_FALSE(sessions.touch(transaction, id, "other-hash", start + 6));
    EXPECT_TRUE(sessions.mark_two_factor_done(transaction, id));
    EXPECT_TRUE(sessions.revoke(transaction, id, user, start + 7));
    EXPECT_FALSE(sessions.revoke(transaction, id, user, start + 8));
    EXPECT_FALSE(sessions.touch(transaction, id, "hash", start + 9));
    EXPECT_FALSE(sessions.replace_token(transaction, "hash", "new-hash", "new-csrf", start + 9));
    EXPECT_FALSE(sessions.mark_two_factor_done(transaction, id));
    transaction.commit();

    auto const found = sessions.find_by_token_hash("hash");
    ASSERT_TRUE(found);
    EXPECT_EQ(found->last_seen_at, start + 5);
    EXPECT_TRUE(found->two_factor_done);
    EXPECT_EQ(found->revoked_at, start + 7);
}

TEST(SessionStore, ReplaceTokenOnlyFromTheCurrentHash)
{
    TemporaryDatabase database;
    auto const user = database.insert_user("ada");
    SessionStore const sessions(*database);
    auto const id = insert(*database, new_session(user, "old"));

    auto transaction = database->begin();
    EXPECT_TRUE(sessions.replace_token(transaction, "old", "new", "new-csrf", start + 3));
    EXPECT_FALSE(sessions.replace_token(transaction, "old", "newer", "newer-csrf", start + 4));
    transaction.commit();

    EXPECT_FALSE(sessions.find_by_token_hash("old"));
    auto const found = sessions.find_by_token_hash("new");
    ASSERT_TRUE(found);
    EXPECT_EQ(found->id, id);
    EXPECT_EQ(found->csrf_secret, "new-csrf");
    EXPECT_EQ(found->last_seen_at, start + 3);
}

TEST(SessionStore, ListsUnrevokedUnexpiredByLastSeen)
{
    TemporaryDatabase database;
    auto const ada = database.insert_user("ada");
    auto const bob = database.insert_user("bob");
    SessionStore const sessions(*database);
    auto const first = insert(*database, new_session(ada, "a1"));
    auto const second = insert(*database, new_session(ada, "a2"));
    auto const third = insert(*database, new_session(ada, "a3"));
    insert(*database, new_session(ada, "expired", start - 2000));
    insert(*database, new_session(bob, "b1"));

    auto transaction = database->begin();
    EXPECT_TRUE(sessions.touch(transaction, first, "a1", start + 50));
    EXPECT_TRUE(sessions.revoke(transaction, third, ada, start + 60));
    transaction.commit();

    auto const listed = sessions.list_unrevoked(ada, start + 100);
    ASSERT_EQ(listed.size(), 2u);
    EXPECT_EQ(listed[0].id, first);
    EXPECT_EQ(listed[1].id, second);
}

TEST(SessionStore, RevokesAllOrAllButOne)
{
    TemporaryDatabase database;
    auto const ada = database.insert_user("ada");
    auto const bob = database.insert_user("bob");
    SessionStore const sessions(*database);
    auto const kept = insert(*database, new_session(ada, "a1"));
    insert(*database, new_session(ada, "a2"));
    insert(*database, new_session(ada, "a3"));
    insert(*database, new_session(bob, "b1"));

    auto transaction = database->begin();
    EXPECT_EQ(sessions.revoke_all_except(transaction, ada, kept, start + 1), 2);
    EXPECT_EQ(sessions.revoke_all_except(transaction, ada, kept, start + 2), 0);
    EXPECT_FALSE(sessions.revoke(transaction, kept, bob, start + 3));
    EXPECT_EQ(sessions.revoke_all(transaction, ada, start + 4), 1);
    transaction.commit();

    EXPECT_TRUE(sessions.list_unrevoked(ada, start).empty());
    EXPECT_EQ(sessions.list_unrevoked(bob, start).size(), 1u);
    EXPECT_EQ(sessions.find_by_token_hash("a2")->revoked_at, start + 1);
}

TEST(SessionStore, PurgesExpiredAndLongRevoked)
{
    TemporaryDatabase database;
    auto const ada = database.insert_user("ada");
    SessionStore const sessions(*database);
    insert(*database, new_session(ada, "live"));
    insert(*database, new_session(ada, "expired", start - 1000));
    auto const revoked_long_ago = insert(*database, new_session(ada, "revoked-old"));
    auto const revoked_recently = insert(*database, new_session(ada, "revoked-new"));

    auto transaction = database->begin();
    EXPECT_TRUE(sessions.revoke(transaction, revoked_long_ago, ada, start + 10));
    EXPECT_TRUE(sessions.revoke(transaction, revoked_recently, ada, start + 90));
    EXPECT_EQ(sessions.purge(transaction, start + 100, start + 50), 2);
    transaction.commit();

    EXPECT_TRUE(sessions.find_by_token_hash("live"));
    EXPECT_FALSE(sessions.find_by_token_hash("expired"));
    EXPECT_FALSE(sessions.find_by_token_hash("revoked-old"));
    EXPECT_TRUE(sessions.find_by_token_hash("revoked-new"));
}

}
