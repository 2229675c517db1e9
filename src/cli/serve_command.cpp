#include "auth/key_file.h"
#include "auth/password.h"
#include "auth/random.h"
#include "cli/commands.h"
#include "cli/demo_site.h"
#include "cli/site.h"
#include "http/router.h"
#include "http/server.h"
#include "render/theme.h"
#include "web/context.h"
#include "web/routes.h"

#include <cstdio>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

namespace cli {

int run_serve(app::Config const& config)
{
    auto site = open_site(config);
    if (config.demo) {
        auto filled = fill_demo_site(*site);
        if (!filled)
            return fail_with(filled.error().message);
        if (*filled)
            spdlog::info("filled the empty site with the demo content");
    }
    if (site->accounts.count() == 0)
        spdlog::info("this site has no accounts yet: create the first admin with `tribune admin create-user --role admin ...`");
    auto theme = render::Theme::load(config.theme_dir);
    std::vector<unsigned char> csrf_key;
    try {
        std::filesystem::create_directories(config.data_dir);
        csrf_key = auth::load_or_create_key_file(config.data_dir / "csrf.key");
    } catch (std::runtime_error const& error) { // also filesystem_error: a one-line message, not an abort
        return fail_with(error.what());
    }
    web::SignInSettings const sign_in {
        .csrf_key = std::move(csrf_key),
        // Same parameters as the accounts' hashes (AccountService's defaults), so an unknown
        // username costs what a known one does.
        .dummy_password_hash = auth::hash_password(auth::random_token()),
        .transport = http::Transport::Plain, // TLS is not served yet
    };
    // Password hashing runs here, off the I/O threads; declared before the server, and joined
    // after it stops, so no work resumes on a destroyed executor.
    web::BlockingPool blocking;
    web::Context context {
        .database = *site->database,
        .articles = site->articles,
        .comments = site->comments,
        .authors = site->authors,
        .settings = site->settings,
        .accounts = site->accounts,
        .sessions = site->sessions,
        .throttles = site->throttles,
        .blocking = blocking,
        .sign_in = sign_in,
        .theme = *theme,
        .base_url = config.effective_base_url(),
    };
    http::Router router;
    web::add_routes(router, context);

    http::Server server(
        http::ServerOptions { .host = config.listen_host, .port = config.listen_port, .threads = config.threads, .limits = config.limits },
        router, web::make_error_page_renderer(context));
    try {
        server.listen();
    } catch (std::system_error const& error) {
        return fail_with(fmt::format("cannot listen on {}:{}: {}", config.listen_host, config.listen_port, error.code().message()));
    }
    bool const v6 = config.listen_host.find(':') != std::string::npos;
    fmt::print("Tribune is serving http://{}{}{}:{}/\n", v6 ? "[" : "", config.listen_host, v6 ? "]" : "", server.port());
    std::fflush(stdout);
    server.run();
    blocking.join();
    site->database->close();
    spdlog::info("stopped cleanly");
    return 0;
}

}
