// The composition root: one open database with every store and service built on it.
// Each subcommand opens a Site from its configuration; `serve` adds the web layer on top.
#pragma once

#include "app/config.h"
#include "auth/account_service.h"
#include "auth/account_store.h"
#include "auth/session_service.h"
#include "auth/session_store.h"
#include "auth/throttle.h"
#include "auth/throttle_store.h"
#include "content/article_service.h"
#include "content/article_store.h"
#include "content/author_store.h"
#include "content/comment_service.h"
#include "content/comment_store.h"
#include "content/site_settings_store.h"
#include "core/clock.h"
#include "storage/database.h"

#include <memory>

namespace cli {

struct Site {
    explicit Site(std::unique_ptr<storage::Database> opened)
        : database(std::move(opened))
    {
    }

    std::unique_ptr<storage::Database> database;
    core::SystemClock clock;
    auth::AccountStore accounts { *database };
    auth::AccountService account_service { *database, accounts, clock };
    auth::SessionStore session_store { *database };
    auth::SessionService sessions { *database, session_store, clock };
    auth::ThrottleStore throttle_store { *database };
    auth::ThrottleService throttles { *database, throttle_store, clock };
    content::ArticleStore articles { *database };
    content::ArticleService article_service { *database, articles, clock };
    content::CommentStore comments { *database };
    content::CommentService comment_service { *database, comments, clock };
    content::AuthorStore authors { *database };
    content::SiteSettingsStore settings { *database };
};

// Opens the configured database and applies pending migrations. Throws storage::DatabaseError.
std::unique_ptr<Site> open_site(app::Config const& config);

}
