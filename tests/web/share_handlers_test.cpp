#include "web/share_handlers.h"

#include <gtest/gtest.h>

TEST(MastodonShare, AcceptsWhatReadersTypeForTheirServer)
{
    struct Case {
        char const* typed;
        char const* host;
    } const cases[] = {
        { "mastodon.social", "mastodon.social" },
        { "  https://Fosstodon.org/ ", "fosstodon.org" },
        { "http://example.social", "example.social" },
        { "@alice@hachyderm.io", "hachyderm.io" },
    };
    for (auto const& c : cases)
        EXPECT_EQ(web::mastodon_instance_host(c.typed), std::optional<std::string>(c.host)) << c.typed;
}

TEST(MastodonShare, RefusesAnythingButAHostName)
{
    for (char const* typed : { "", "localhost", "evil.example/path", "evil.example:8443", "a b.example", "javascript:alert(1)",
             "user:pass@", ".example.org", "example..org", "-x.example", "example.org.", "\"onmouseover=x.example" })
        EXPECT_FALSE(web::mastodon_instance_host(typed)) << typed;
}
