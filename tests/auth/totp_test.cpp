#include "auth/totp.h"

#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <memory>
#include <string>

namespace {

// RFC 6238 appendix B: the SHA1 seed is the ASCII bytes of "12345678901234567890".
std::vector<unsigned char> rfc_secret()
{
    std::string const ascii = "12345678901234567890";
    return { ascii.begin(), ascii.end() };
}

constexpr core::UnixTime some_time = 1'764'400'000; // 2025-11-29, mid-step

// The code Debian's oathtool computes for the same seed and time, independently of ours.
std::string oathtool_code(std::string const& base32_secret, core::UnixTime time)
{
    auto const command = "oathtool --totp -b " + base32_secret + " --now @" + std::to_string(time) + " 2>/dev/null";
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
    if (!pipe)
        return "popen failed";
    std::array<char, 64> buffer {};
    std::string out;
    while (fgets(buffer.data(), buffer.size(), pipe.get()))
        out += buffer.data();
    while (!out.empty() && (out.back() == '\n' || out.back() == '\r'))
        out.pop_back();
    return out;
}

}

TEST(Totp, PassesTheRfc6238Sha1Vectors)
{
    struct Case {
        core::UnixTime time;
        char const* code;
    };
    Case const cases[] = {
        { 59, "94287082" },
        { 1111111109, "07081804" },
        { 1111111111, "14050471" },
        { 1234567890, "89005924" },
        { 2000000000, "69279037" },
        { 20000000000, "65353130" },
    };
    auto const secret = rfc_secret();
    for (auto const& c : cases)
        EXPECT_EQ(auth::totp_code(secret, c.time, 8), c.code) << "T=" << c.time;
}

TEST(Totp, SixDigitCodesAreZeroPadded)
{
    // The RFC's 8-digit 07081804 truncated to 6 digits is 081804: the leading zero stays.
    EXPECT_EQ(auth::totp_code(rfc_secret(), 1111111109), "081804");
    EXPECT_EQ(auth::totp_code(rfc_secret(), 59).size(), 6u);
}

TEST(Totp, StepsAreThirtySecondsFromTheEpoch)
{
    EXPECT_EQ(auth::totp_step(0), 0);
    EXPECT_EQ(auth::totp_step(29), 0);
    EXPECT_EQ(auth::totp_step(30), 1);
    EXPECT_EQ(auth::totp_step(59), 1);
    EXPECT_EQ(auth::totp_step(-1), -1);
}

TEST(Totp, AcceptsOneStepOfDriftEitherWayAndNoMore)
{
    auto const secret = auth::new_totp_secret();
    auto const step = auth::totp_step(some_time);
    struct Case {
        int offset_steps;
        bool accepted;
    };
    Case const cases[] = { { -2, false }, { -1, true }, { 0, true }, { 1, true }, { 2, false } };
    for (auto const& c : cases) {
        auto const code = auth::totp_code(secret, some_time + c.offset_steps * auth::totp_period_seconds);
        auto const matched = auth::verify_totp(secret, code, some_time, 0);
        EXPECT_EQ(matched.has_value(), c.accepted) << "offset " << c.offset_steps;
        if (matched) {
            EXPECT_EQ(*matched, step + c.offset_steps);
        }
    }
}

TEST(Totp, RefusesACodeAlreadyUsed)
{
    auto const secret = auth::new_totp_secret();
    auto const code = auth::totp_code(secret, some_time);
    auto const step = auth::verify_totp(secret, code, some_time, 0);
    ASSERT_TRUE(step);
    EXPECT_FALSE(auth::verify_totp(secret, code, some_time, *step));
    EXPECT_FALSE(auth::verify_totp(secret, code, some_time + auth::totp_period_seconds, *step));
    // Nor an older code once a later one was used.
    auto const previous = auth::totp_code(secret, some_time - auth::totp_period_seconds);
    EXPECT_FALSE(auth::verify_totp(secret, previous, some_time, *step));
    // The next step's code still works.
    auto const next = auth::totp_code(secret, some_time + auth::totp_period_seconds);
    EXPECT_EQ(auth::verify_totp(secret, next, some_time + auth::totp_period_seconds, *step), *step + 1);
}

TEST(Totp, AcceptsSpacesAndRefusesEverythingElse)
{
    auto const secret = auth::new_totp_secret();
    auto const code = auth::totp_code(secret, some_time);
    auto const spaced = code.substr(0, 3) + " " + code.substr(3);
    EXPECT_TRUE(auth::verify_totp(secret, spaced, some_time, 0));
    EXPECT_TRUE(auth::verify_totp(secret, " " + code + " ", some_time, 0));

    std::string const refused[] = {
        "",
        code.substr(0, 5),
        code + "0",
        code.substr(0, 3) + "-" + code.substr(3),
        code + "\n",
        "\t" + code,
        "+" + code.substr(1),
        code.substr(0, 5) + "a",
        std::string(code.data(), 3) + std::string(1, '\0') + code.substr(3),
        std::string(1000, ' ') + code,
        "\xef\xbc\x91" + code.substr(1), // FULLWIDTH DIGIT ONE
    };
    for (auto const& typed : refused)
        EXPECT_FALSE(auth::verify_totp(secret, typed, some_time, 0)) << typed;
}

TEST(Totp, RefusesAnotherSecretsCode)
{
    auto const secret = auth::new_totp_secret();
    auto const other = auth::new_totp_secret();
    EXPECT_FALSE(auth::verify_totp(secret, auth::totp_code(other, some_time), some_time, 0));
}

TEST(Totp, NewSecretsHave160RandomBits)
{
    auto const a = auth::new_totp_secret();
    auto const b = auth::new_totp_secret();
    EXPECT_EQ(a.size(), 20u);
    EXPECT_NE(a, b);
}

TEST(Totp, Base32FollowsRfc4648WithoutPadding)
{
    // RFC 4648 section 10 vectors, padding removed.
    struct Case {
        std::string_view input;
        std::string_view encoded;
    };
    Case const cases[] = {
        { "", "" },
        { "f", "MY" },
        { "fo", "MZXQ" },
        { "foo", "MZXW6" },
        { "foob", "MZXW6YQ" },
        { "fooba", "MZXW6YTB" },
        { "foobar", "MZXW6YTBOI" },
    };
    for (auto const& c : cases) {
        std::span const bytes(reinterpret_cast<unsigned char const*>(c.input.data()), c.input.size());
        EXPECT_EQ(auth::base32_encode(bytes), c.encoded) << c.input;
    }
    EXPECT_EQ(auth::base32_encode(rfc_secret()), "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
}

TEST(Totp, AgreesWithOathtool)
{
    auto const secret = auth::new_totp_secret();
    auto const base32 = auth::base32_encode(secret);
    ASSERT_EQ(base32.size(), 32u);
    for (core::UnixTime const time : { core::UnixTime { 59 }, some_time, some_time + 29, some_time + 30, core::UnixTime { 2'000'000'000 } })
        EXPECT_EQ(auth::totp_code(secret, time), oathtool_code(base32, time)) << "T=" << time;
    EXPECT_EQ(oathtool_code("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", 1111111109), "081804");
}

TEST(Totp, OtpauthUriNamesIssuerAndAccount)
{
    auto const uri = auth::otpauth_uri("Tribune", "ada@example.org", rfc_secret());
    EXPECT_EQ(uri,
        "otpauth://totp/Tribune:ada%40example.org?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
        "&issuer=Tribune&algorithm=SHA1&digits=6&period=30");
}

TEST(Totp, OtpauthUriEncodesHostileNames)
{
    auto const uri = auth::otpauth_uri("My Site: News & Views", "a:b?c=d&e#f", rfc_secret());
    EXPECT_EQ(uri,
        "otpauth://totp/My%20Site%3A%20News%20%26%20Views:a%3Ab%3Fc%3Dd%26e%23f?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
        "&issuer=My%20Site%3A%20News%20%26%20Views&algorithm=SHA1&digits=6&period=30");
}
