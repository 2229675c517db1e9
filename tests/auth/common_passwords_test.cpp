#include "auth/common_passwords.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

TEST(CommonPasswords, TheListHoldsAtLeastTenThousand)
{
    EXPECT_GE(auth::common_password_count(), 10'000u);
}

TEST(CommonPasswords, RefuseListedPasswordsInAnyCase)
{
    for (auto const* password : { "password", "123456", "Password", "PASSWORD", "qwerty", "iloveyou", "1qaz2wsx3edc", "QwErTy123456", "trustno1" })
        EXPECT_TRUE(auth::is_common_password(password)) << password;
}

TEST(CommonPasswords, RefuseListedPasswordsWithAShortTail)
{
    for (auto const* password : { "Password2024!", "password1234", "dragon 123", "monkey!!", "letmein-2026", "sunshine12345678" })
        EXPECT_TRUE(auth::is_common_password(password)) << password;
}

TEST(CommonPasswords, AcceptUncommonPasswords)
{
    struct Case {
        char const* what;
        char const* password;
    } const cases[] = {
        { "long random phrase", "correct horse battery staple" },
        { "random characters", "vT9#qLx2!mWz8@pK" },
        { "listed word with a long unlisted tail", "dragon7391058246" },
        { "listed word then more words", "password manager is my friend" },
        { "listed word inside", "my dragon flies at noon" },
        { "empty", "" },
        { "only symbols not listed", "!!!???###" },
        { "non-ASCII", "пароль-которого-нет-в-списке" },
    };
    for (auto const& c : cases)
        EXPECT_FALSE(auth::is_common_password(c.password)) << c.what;
}

TEST(CommonPasswords, FirstUseFromManyThreadsAgrees)
{
    std::vector<std::thread> threads;
    std::vector<int> refused(8, 0);
    for (std::size_t i = 0; i < refused.size(); ++i)
        threads.emplace_back([&refused, i] { refused[i] = auth::is_common_password("password") ? 1 : 0; });
    for (auto& thread : threads)
        thread.join();
    for (auto const result : refused)
        EXPECT_EQ(result, 1);
}
