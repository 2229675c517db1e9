#include "auth/secret_box.h"

#include "../storage/temporary_database.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sys/stat.h>

using auth::SecretBox;
using testing_support::TemporaryFolder;

namespace {

std::vector<unsigned char> bytes(std::string_view text)
{
    return { text.begin(), text.end() };
}

void write_file(std::filesystem::path const& path, std::string const& contents)
{
    std::ofstream(path, std::ios::binary) << contents;
}

std::string read_file(std::filesystem::path const& path)
{
    std::ifstream in(path, std::ios::binary);
    return { std::istreambuf_iterator<char>(in), {} };
}

}

TEST(SecretBox, SealsAndOpens)
{
    TemporaryFolder folder;
    auto const box = SecretBox::load_or_create(folder.path() / "secret.key");
    auto const secret = bytes("12345678901234567890");
    auto const sealed = box.seal(secret);
    EXPECT_EQ(sealed.find("1234567890"), std::string::npos);
    EXPECT_EQ(box.open(sealed), secret);
    EXPECT_EQ(box.open(box.seal({})), std::vector<unsigned char> {});
}

TEST(SecretBox, UsesAFreshNonceEachTime)
{
    TemporaryFolder folder;
    auto const box = SecretBox::load_or_create(folder.path() / "secret.key");
    auto const secret = bytes("same seed");
    EXPECT_NE(box.seal(secret), box.seal(secret));
}

TEST(SecretBox, RefusesTamperedOrMalformedText)
{
    TemporaryFolder folder;
    auto const box = SecretBox::load_or_create(folder.path() / "secret.key");
    auto const sealed = box.seal(bytes("12345678901234567890"));
    for (std::size_t i = 0; i < sealed.size(); ++i) {
        auto tampered = sealed;
        tampered[i] = tampered[i] == 'A' ? 'B' : 'A';
        EXPECT_EQ(box.open(tampered), std::nullopt) << "changed at " << i;
    }
    std::string const malformed[] = { "", "AAAA", "not base64 at all!", sealed.substr(0, sealed.size() - 4), sealed + "AAAA", sealed + " " };
    for (auto const& text : malformed)
        EXPECT_EQ(box.open(text), std::nullopt) << text;
}

TEST(SecretBox, RefusesTextSealedWithAnotherKey)
{
    TemporaryFolder folder;
    auto const box = SecretBox::load_or_create(folder.path() / "one.key");
    auto const other = SecretBox::load_or_create(folder.path() / "two.key");
    EXPECT_EQ(other.open(box.seal(bytes("seed"))), std::nullopt);
}

TEST(SecretBox, CreatesThePrivateKeyFileOnceAndReusesIt)
{
    TemporaryFolder folder;
    auto const path = folder.path() / "secret.key";
    auto const sealed = SecretBox::load_or_create(path).seal(bytes("seed"));

    struct stat status { };
    ASSERT_EQ(::stat(path.c_str(), &status), 0);
    EXPECT_EQ(status.st_mode & 07777, 0600);
    auto const contents = read_file(path);
    EXPECT_EQ(contents.size(), 65u) << "64 hex digits and a newline";
    EXPECT_EQ(std::distance(std::filesystem::directory_iterator(folder.path()), {}), 1) << "no temporary file left behind";

    EXPECT_EQ(SecretBox::load_or_create(path).open(sealed), bytes("seed"));
    EXPECT_EQ(read_file(path), contents);
}

TEST(SecretBox, ReadsRawAndHexKeys)
{
    TemporaryFolder folder;
    std::string const raw(32, '\x42');
    write_file(folder.path() / "raw.key", raw);
    std::string hex; // the same key as hex digits
    for (int i = 0; i < 32; ++i)
        hex += "42";
    write_file(folder.path() / "hex.key", hex + "\r\n");
    auto const sealed = SecretBox::load_or_create(folder.path() / "raw.key").seal(bytes("seed"));
    EXPECT_EQ(SecretBox::load_or_create(folder.path() / "hex.key").open(sealed), bytes("seed"));
    EXPECT_EQ(SecretBox::from_key(bytes(raw)).open(sealed), bytes("seed"));
}

TEST(SecretBox, ThrowsNamingACorruptOrUnreadableKeyFile)
{
    TemporaryFolder folder;
    struct Case {
        char const* name;
        std::string contents;
    };
    Case const cases[] = {
        { "empty.key", "" },
        { "short.key", std::string(31, 'x') },
        { "long.key", std::string(33, 'x') },
        { "short-hex.key", std::string(62, 'a') + "\n" },
        { "not-hex.key", std::string(64, 'g') },
        { "huge.key", std::string(100'000, 'a') },
    };
    for (auto const& c : cases) {
        auto const path = folder.path() / c.name;
        write_file(path, c.contents);
        try {
            (void)SecretBox::load_or_create(path);
            ADD_FAILURE() << c.name << " was accepted";
        } catch (std::runtime_error const& error) {
            std::string const message = error.what();
            EXPECT_NE(message.find(path.string()), std::string::npos) << message;
            EXPECT_EQ(message.find('\n'), std::string::npos) << message;
        }
    }
    // A folder where the file should be, and a file in a folder that does not exist.
    std::filesystem::create_directory(folder.path() / "folder.key");
    EXPECT_THROW((void)SecretBox::load_or_create(folder.path() / "folder.key"), std::runtime_error);
    EXPECT_THROW((void)SecretBox::load_or_create(folder.path() / "missing" / "secret.key"), std::runtime_error);
    EXPECT_THROW((void)SecretBox::from_key(bytes("short")), std::invalid_argument);
}
