#include "auth/two_factor_store.h"

#include "../storage/temporary_database.h"

#include <gtest/gtest.h>

#include <vector>

using auth::TwoFactorStore;
using testing_support::TemporaryDatabase;

namespace {

constexpr core::UnixTime now = 1'764'400'000;

}

TEST(TwoFactorStore, PendingSecretIsEnabledByItsFirstCode)
{
    TemporaryDatabase database;
    TwoFactorStore const store(*database);
    auto const user = database.insert_user("ada");
    EXPECT_EQ(store.find(user), std::nullopt);

    auto transaction = database->begin();
    EXPECT_TRUE(store.save_pending_secret(transaction, user, "sealed-1", now));
    transaction.commit();
    auto record = store.find(user);
    ASSERT_TRUE(record);
    EXPECT_EQ(record->sealed_secret, "sealed-1");
    EXPECT_FALSE(record->enabled());
    EXPECT_EQ(record->last_used_step, 0);

    // Starting over before confirming replaces the pending seed; a code checked against the
    // old one no longer enables anything.
    transaction = database->begin();
    EXPECT_TRUE(store.save_pending_secret(transaction, user, "sealed-2", now + 10));
    EXPECT_FALSE(store.enable(transaction, user, "sealed-1", 58'813'333, now + 20));
    EXPECT_TRUE(store.enable(transaction, user, "sealed-2", 58'813'333, now + 20));
    transaction.commit();
    record = store.find(user);
    ASSERT_TRUE(record);
    EXPECT_EQ(record->sealed_secret, "sealed-2");
    EXPECT_EQ(record->enabled_at, now + 20);
    EXPECT_EQ(record->last_used_step, 58'813'333) << "the confirming code cannot be used again";
}

TEST(TwoFactorStore, AnEnabledSecretIsNotReplacedOrReEnabled)
{
    TemporaryDatabase database;
    TwoFactorStore const store(*database);
    auto const user = database.insert_user("ada");
    auto transaction = database->begin();
    EXPECT_FALSE(store.enable(transaction, user, "working", 1, now)) << "nothing pending";
    EXPECT_TRUE(store.save_pending_secret(transaction, user, "working", now));
    EXPECT_TRUE(store.enable(transaction, user, "working", 5, now));
    EXPECT_FALSE(store.save_pending_secret(transaction, user, "attacker", now + 1));
    EXPECT_FALSE(store.enable(transaction, user, "working", 9, now + 1));
    transaction.commit();
    auto const record = store.find(user);
    ASSERT_TRUE(record);
    EXPECT_EQ(record->sealed_secret, "working");
    EXPECT_EQ(record->enabled_at, now);
    EXPECT_EQ(record->last_used_step, 5);
}

TEST(TwoFactorStore, UsedStepOnlyMovesForward)
{
    TemporaryDatabase database;
    TwoFactorStore const store(*database);
    auto const user = database.insert_user("ada");
    auto transaction = database->begin();
    ASSERT_TRUE(store.save_pending_secret(transaction, user, "sealed", now));
    ASSERT_TRUE(store.enable(transaction, user, "sealed", 100, now));
    EXPECT_FALSE(store.record_used_step(transaction, user, 100)) << "the same step twice";
    EXPECT_FALSE(store.record_used_step(transaction, user, 99));
    EXPECT_TRUE(store.record_used_step(transaction, user, 101));
    EXPECT_FALSE(store.record_used_step(transaction, user, 101));
    EXPECT_FALSE(store.record_used_step(transaction, user + 1000, 500)) << "no such member";
    transaction.commit();
    EXPECT_EQ(store.find(user)->last_used_step, 101);
}

TEST(TwoFactorStore, RecoveryCodesWorkOnceAndOnlyForTheirMember)
{
    TemporaryDatabase database;
    TwoFactorStore const store(*database);
    auto const ada = database.insert_user("ada");
    auto const bob = database.insert_user("bob");
    std::vector<std::string> const hashes = { "hash-a", "hash-b", "hash-c" };
    auto transaction = database->begin();
    store.replace_recovery_codes(transaction, ada, hashes, now);
    transaction.commit();
    EXPECT_EQ(store.count_unused_recovery_codes(ada), 3);
    EXPECT_EQ(store.count_unused_recovery_codes(bob), 0);

    transaction = database->begin();
    EXPECT_FALSE(store.use_recovery_code(transaction, bob, "hash-a", now));
    EXPECT_FALSE(store.use_recovery_code(transaction, ada, "hash-z", now));
    EXPECT_TRUE(store.use_recovery_code(transaction, ada, "hash-b", now));
    EXPECT_FALSE(store.use_recovery_code(transaction, ada, "hash-b", now + 1));
    transaction.commit();
    EXPECT_EQ(store.count_unused_recovery_codes(ada), 2);

    // New codes replace all the old ones, used or not.
    transaction = database->begin();
    std::vector<std::string> const fresh = { "hash-d" };
    store.replace_recovery_codes(transaction, ada, fresh, now + 2);
    EXPECT_FALSE(store.use_recovery_code(transaction, ada, "hash-a", now + 2));
    transaction.commit();
    EXPECT_EQ(store.count_unused_recovery_codes(ada), 1);
}

TEST(TwoFactorStore, DisablingRemovesTheSecretAndTheCodes)
{
    TemporaryDatabase database;
    TwoFactorStore const store(*database);
    auto const user = database.insert_user("ada");
    std::vector<std::string> const hashes = { "hash-a", "hash-b" };
    auto transaction = database->begin();
    ASSERT_TRUE(store.save_pending_secret(transaction, user, "sealed", now));
    ASSERT_TRUE(store.enable(transaction, user, "sealed", 1, now));
    store.replace_recovery_codes(transaction, user, hashes, now);
    transaction.commit();

    transaction = database->begin();
    store.disable(transaction, user);
    transaction.commit();
    EXPECT_EQ(store.find(user), std::nullopt);
    EXPECT_EQ(store.count_unused_recovery_codes(user), 0);
    transaction = database->begin();
    EXPECT_TRUE(store.save_pending_secret(transaction, user, "again", now)) << "can enrol afresh";
    transaction.commit();
}

TEST(TwoFactorStore, RowsGoWithTheirMember)
{
    TemporaryDatabase database;
    TwoFactorStore const store(*database);
    auto const user = database.insert_user("ada");
    std::vector<std::string> const hashes = { "hash-a" };
    auto transaction = database->begin();
    ASSERT_TRUE(store.save_pending_secret(transaction, user, "sealed", now));
    store.replace_recovery_codes(transaction, user, hashes, now);
    transaction.execute("DELETE FROM users WHERE id = $1", { user });
    transaction.commit();
    EXPECT_EQ(store.find(user), std::nullopt);
    EXPECT_EQ(store.count_unused_recovery_codes(user), 0);
}

TEST(TwoFactorStore, RefusesRowsForMembersWhoDoNotExist)
{
    TemporaryDatabase database;
    TwoFactorStore const store(*database);
    auto transaction = database->begin();
    EXPECT_THROW((void)store.save_pending_secret(transaction, 424242, "sealed", now), storage::ConstraintError);
}

TEST(TwoFactorStore, UncommittedWritesRollBack)
{
    TemporaryDatabase database;
    TwoFactorStore const store(*database);
    auto const user = database.insert_user("ada");
    {
        auto transaction = database->begin();
        ASSERT_TRUE(store.save_pending_secret(transaction, user, "sealed", now));
    }
    EXPECT_EQ(store.find(user), std::nullopt);
}
