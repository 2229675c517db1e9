// The demo site: original articles, authors and comments compiled into the binary
// (src/cli/demo/), loaded into an empty site by `serve --demo`; and `generate-demo`,
// which adds many generated articles for benchmarks. Demo accounts get a password hash
// that matches no password: nobody can sign in as them.
#pragma once

#include "cli/site.h"
#include "core/error.h"

namespace cli {

// Fills the site when it has no accounts and no articles. Returns whether it did.
core::Result<bool> fill_demo_site(Site& site);

// Adds `articles` articles (bodies and authors from the demo content) with
// `comments_per_article` approved comments each, in one transaction.
core::Result<void> generate_demo_articles(Site& site, int articles, int comments_per_article);

}
