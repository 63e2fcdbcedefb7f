// `colloq serve`: migrate, then serve HTTP until SIGINT or SIGTERM.
#include <iostream>
#include <string_view>

#include <unistd.h>

#include "colloq/api/services.hpp"
#include "colloq/cli/banner.hpp"
#include "colloq/cli/common.hpp"
#include "colloq/crypto/secrets.hpp"
#include "colloq/domain/printable.hpp"
#include "colloq/http/server.hpp"
#include "colloq/jobs/event_jobs.hpp"
#include "colloq/mail/worker.hpp"
#include "colloq/support/wait_for.hpp"

namespace colloq::cli {

namespace {

struct host_port {
    std::string host;
    unsigned short port;
};

host_port parse_listen(const std::string& text) {
    auto colon = text.rfind(':');
    if (colon == std::string::npos) throw failure("--listen must be HOST:PORT, e.g. 127.0.0.1:8080");
    std::string host = text.substr(0, colon);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    int port = -1;
    try {
        port = std::stoi(text.substr(colon + 1));
    } catch (const std::exception&) {
    }
    if (host.empty() || port < 0 || port > 65535) throw failure("--listen must be HOST:PORT, e.g. 127.0.0.1:8080");
    return {host, static_cast<unsigned short>(port)};
}

std::string url_of(bool tls, const std::string& host, unsigned short port) {
    std::string h = host.find(':') != std::string::npos ? "[" + host + "]" : host;
    return std::string(tls ? "https://" : "http://").append(h).append(":").append(std::to_string(port));
}

bool is_wildcard(const std::string& host) { return host == "0.0.0.0" || host == "::" || host == "[::]"; }

// A wildcard address listens everywhere but reaches nothing: links name the machine instead,
// or the loopback address when it has no usable name.
std::string reachable_host(const std::string& listen_host) {
    if (!is_wildcard(listen_host)) return listen_host;
    char name[256] = {};
    if (gethostname(name, sizeof name - 1) == 0 && name[0] != '\0' && std::string_view(name) != "localhost")
        return name;
    return "127.0.0.1";
}

// The addresses people open, then where links point when that is not the same address.
std::vector<banner_line> url_lines(const std::string& listening, const std::string& base, const config::config& cfg) {
    std::vector<banner_line> lines{{"inscription", base + "/"}};
    for (const auto& p : cfg.partners) lines.push_back({"inscription " + p.name, base + "/p/" + p.slug});
    lines.push_back({"espace organisateurs", base + "/staff"});
    lines.push_back({"accueil (entrée)", base + "/door"});
    const std::string links = "liens (e-mails, calendrier, QR)";
    if (cfg.server.public_url_configured) {
        if (cfg.server.public_url != base)
            lines.push_back({links, cfg.server.public_url +
                                        " (server.public_url de la configuration, et non l'adresse d'écoute)"});
    } else if (base != listening) {
        lines.push_back({links, base + " (écoute sur toutes les adresses : nom de la machine ; indiquez "
                                       "server.public_url pour une autre adresse)"});
    }
    return lines;
}

}  // namespace

int serve(const global_options& g, const std::string& listen) {
    auto cfg = load_config(g);
    auto address = parse_listen(listen);
    ensure_data_dir(g);
    auto where = database(g);
    migrate(where);
    crypto::init();
    tickets::key_pair key = load_key(g);
    check_signing_key(g, where, key);
    domain::first_unprintable("");  // reads the fonts' coverage now, not during the first registration

    std::string web = store::share_dir() + "/web";
    api::templates pages(web + "/templates");
    api::static_files files(web + "/static");
    store::store db(where, cfg);
    auto first_admin = ensure_first_admin(db, cfg);
    support::job_threads hasher(2, 64, "colloq-hash");  // 64 MiB per Argon2id hash running
    auth::login_limiter limiter;
    auth::key_limiter registrations_by_address(cfg.limits.registrations_per_address, std::chrono::hours(1),
                                               api::max_registering_addresses);
    api::services services{cfg, db, pages, files, hasher, limiter, registrations_by_address, key, g.data_dir, {}};
    api::router router;
    api::add_routes(router, services);

    std::unique_ptr<http::server> server_holder;
    try {
        server_holder = std::make_unique<http::server>(cfg, router);
    } catch (const std::exception& e) {
        throw failure("cannot load the TLS certificate or key (" + cfg.server.tls_cert + ", " + cfg.server.tls_key +
                      "): " + e.what());
    }
    http::server& server = *server_holder;
    unsigned short port;
    try {
        port = server.listen(address.host, address.port);
    } catch (const std::exception& e) {
        throw failure("cannot listen on " + listen + ": " + e.what() + " (is another server using this port?)");
    }
    bool tls = !cfg.server.tls_cert.empty();
    std::string listening = url_of(tls, address.host, port);
    std::string base = url_of(tls, reachable_host(address.host), port);
    // Set before anything reads it: requests are served, and e-mails sent, only from here on.
    if (!cfg.server.public_url_configured) cfg.server.public_url = base;
    support::wait_for<bool>([&](auto done) { db.take_back_mail_claims(server_id(g), std::move(done)); });
    auto mailer = std::make_unique<mail::worker>(cfg, db, key, g.data_dir + "/mail");
    auto clock = std::make_unique<jobs::scheduler>(jobs::event_jobs(cfg, db, g.data_dir + "/mail"));
    auto lines = url_lines(listening, base, cfg);
    if (first_admin) {
        lines.push_back({"premier compte administrateur", first_admin->first});
        lines.push_back({"mot de passe (affiché une seule fois)", first_admin->second});
    }
    std::cout << "colloq: listening on " << listening << "\n" << aligned_banner(lines) << std::flush;
    server.run();
    clock.reset();
    mailer.reset();  // finishes the email in hand
    db.stop();
    std::cerr << "colloq: stopped\n";
    return 0;
}

}  // namespace colloq::cli
