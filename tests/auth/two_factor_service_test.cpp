#include "auth/two_factor_service.h"

#include "../storage/temporary_database.h"
#include "auth/recovery_codes.h"
#include "auth/totp.h"

#include <gtest/gtest.h>

using auth::SecondFactor;
using auth::SecretBox;
using auth::TwoFactorService;
using testing_support::TemporaryDatabase;

namespace {

constexpr core::UnixTime start = 1'764'400'000;

class TwoFactorServiceTest : public ::testing::Test {
protected:
    TemporaryDatabase database;
    SecretBox box = SecretBox::load_or_create(database.folder() / "secret.key");
    core::FixedClock clock { start };
    TwoFactorService service { *database, box, clock, "Tribune" };
    std::int64_t user = database.insert_user("ada");

    // The seed as the member's app holds it, read back through the store and the box.
    std::vector<unsigned char> seed()
    {
        auto const record = auth::TwoFactorStore(*database).find(user);
        return box.open(record.value().sealed_secret).value();
    }
    std::string app_code(core::UnixTime time) { return auth::totp_code(seed(), time); }

    std::vector<std::string> enrol()
    {
        EXPECT_TRUE(service.begin_enrolment(user, "ada@example.org"));
        auto codes = service.confirm_enrolment(user, app_code(clock.now()));
        EXPECT_TRUE(codes) << codes.error().message;
        return codes.value_or(std::vector<std::string> {});
    }
};

}

TEST_F(TwoFactorServiceTest, EnrolmentGivesTheAppItsKeyAndTurnsOnWithAFirstCode)
{
    auto const enrolment = service.begin_enrolment(user, "ada@example.org");
    ASSERT_TRUE(enrolment);
    EXPECT_EQ(enrolment->secret_base32, auth::base32_encode(seed()));
    EXPECT_EQ(enrolment->otpauth_uri, auth::otpauth_uri("Tribune", "ada@example.org", seed()));
    EXPECT_FALSE(service.is_enabled(user));
    // Pending is not enabled: a second factor cannot be checked yet.
    EXPECT_EQ(service.verify_second_factor(user, app_code(start)).error().kind, core::ErrorKind::Unauthorized);

    auto const wrong = service.confirm_enrolment(user, "000000" == app_code(start) ? "111111" : "000000");
    ASSERT_FALSE(wrong);
    EXPECT_EQ(wrong.error().kind, core::ErrorKind::Invalid);
    EXPECT_EQ(wrong.error().field, "code");

    auto const codes = service.confirm_enrolment(user, app_code(start));
    ASSERT_TRUE(codes);
    EXPECT_EQ(codes->size(), 10u);
    EXPECT_TRUE(service.is_enabled(user));
    EXPECT_EQ(service.unused_recovery_codes(user), 10);
    EXPECT_EQ(service.begin_enrolment(user, "ada@example.org").error().kind, core::ErrorKind::Conflict);
    EXPECT_EQ(service.confirm_enrolment(user, app_code(start)).error().kind, core::ErrorKind::NotFound);
}

TEST_F(TwoFactorServiceTest, TheConfirmingCodeCannotSignIn)
{
    enrol();
    EXPECT_FALSE(service.verify_second_factor(user, app_code(start)));
    clock.set(start + auth::totp_period_seconds);
    EXPECT_EQ(service.verify_second_factor(user, app_code(start + auth::totp_period_seconds)), SecondFactor::AuthenticatorCode);
}

TEST_F(TwoFactorServiceTest, EachAuthenticatorCodeWorksOnce)
{
    enrol();
    clock.set(start + 5 * auth::totp_period_seconds);
    auto const code = app_code(clock.now());
    auto const spaced = code.substr(0, 3) + " " + code.substr(3);
    EXPECT_EQ(service.verify_second_factor(user, spaced), SecondFactor::AuthenticatorCode);
    auto const replay = service.verify_second_factor(user, code);
    ASSERT_FALSE(replay);
    EXPECT_EQ(replay.error().kind, core::ErrorKind::Unauthorized);
    // Nor does the previous step's code, though it is within the drift window.
    EXPECT_FALSE(service.verify_second_factor(user, app_code(clock.now() - auth::totp_period_seconds)));
    EXPECT_FALSE(service.verify_second_factor(user, app_code(clock.now() + 3 * auth::totp_period_seconds)));
}

TEST_F(TwoFactorServiceTest, EachRecoveryCodeWorksOnce)
{
    auto const codes = enrol();
    ASSERT_EQ(codes.size(), 10u);
    std::string shouted;
    for (char const c : codes[3])
        shouted += c == '-' ? ' ' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    EXPECT_EQ(service.verify_second_factor(user, shouted), SecondFactor::RecoveryCode);
    EXPECT_FALSE(service.verify_second_factor(user, codes[3]));
    EXPECT_EQ(service.unused_recovery_codes(user), 9);
    EXPECT_FALSE(service.verify_second_factor(user, "0000-0000-0000"));
    EXPECT_FALSE(service.verify_second_factor(user, ""));

    auto const fresh = service.regenerate_recovery_codes(user);
    ASSERT_TRUE(fresh);
    EXPECT_FALSE(service.verify_second_factor(user, codes[4])) << "old codes stop working";
    EXPECT_EQ(service.verify_second_factor(user, fresh->front()), SecondFactor::RecoveryCode);
}

TEST_F(TwoFactorServiceTest, CodesOfOneMemberDoNotWorkForAnother)
{
    auto const codes = enrol();
    auto const bob = database.insert_user("bob");
    EXPECT_FALSE(service.verify_second_factor(bob, codes[0]));
    clock.set(start + auth::totp_period_seconds);
    EXPECT_FALSE(service.verify_second_factor(bob, app_code(clock.now())));
}

TEST_F(TwoFactorServiceTest, DisablingRemovesEverything)
{
    auto const codes = enrol();
    service.disable(user);
    EXPECT_FALSE(service.is_enabled(user));
    EXPECT_FALSE(service.verify_second_factor(user, codes[0]));
    EXPECT_EQ(service.regenerate_recovery_codes(user).error().kind, core::ErrorKind::NotFound);
    EXPECT_TRUE(service.begin_enrolment(user, "ada@example.org"));
}

TEST_F(TwoFactorServiceTest, ASeedTheKeyCannotOpenThrows)
{
    enrol();
    auto const other_box = SecretBox::load_or_create(database.folder() / "other.key");
    TwoFactorService const other { *database, other_box, clock, "Tribune" };
    clock.set(start + auth::totp_period_seconds);
    EXPECT_THROW((void)other.verify_second_factor(user, "123456"), std::runtime_error);
}
