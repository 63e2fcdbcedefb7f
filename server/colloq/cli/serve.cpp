// `colloq serve`: migrate, then serve HTTP until SIGINT or SIGTERM.
#include <iostream>

#include "colloq/api/services.hpp"
#include "colloq/cli/common.hpp"
#include "colloq/crypto/secrets.hpp"
#include "colloq/http/server.hpp"
#include "colloq/mail/worker.hpp"

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

void print_urls(const std::string& base, const config::config& cfg) {
    std::cout << "colloq: listening on " << base << "\n"
              << "  inscription           " << base << "/\n";
    for (const auto& p : cfg.partners) std::cout << "  inscription " << p.name << "  " << base << "/p/" << p.slug << "\n";
    std::cout << "  espace organisateurs  " << base << "/staff\n"
              << "  accueil (entrée)      " << base << "/door\n"
              << std::flush;
}

}  // namespace

int serve(const global_options& g, const std::string& listen) {
    auto cfg = load_config(g);
    auto address = parse_listen(listen);
    ensure_data_dir(g);
    auto where = database(g);
    migrate(where);
    crypto::init();

    std::string web = store::share_dir() + "/web";
    api::templates pages(web + "/templates");
    api::static_files files(web + "/static");
    store::store db(where, cfg);
    auto first_admin = ensure_first_admin(db, cfg);
    support::job_threads hasher(2, 64, "colloq-hash");  // 64 MiB per Argon2id hash running
    auth::login_limiter limiter;
    auth::key_limiter registrations_by_address(cfg.limits.registrations_per_address, std::chrono::hours(1),
                                               api::max_registering_addresses);
    tickets::key_pair key = load_key(g);
    api::services services{cfg, db, pages, files, hasher, limiter, registrations_by_address, key, g.data_dir};
    api::router router;
    api::add_routes(router, services);

    auto mailer = std::make_unique<mail::worker>(cfg, db, key, g.data_dir + "/mail");
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
    std::string host = address.host.find(':') != std::string::npos ? "[" + address.host + "]" : address.host;
    print_urls((cfg.server.tls_cert.empty() ? "http://" : "https://") + host + ":" + std::to_string(port), cfg);
    if (first_admin)
        std::cout << "  premier compte administrateur\u00A0: " << first_admin->first << "\n"
                  << "  mot de passe (affiché une seule fois)\u00A0: " << first_admin->second << "\n"
                  << std::flush;
    server.run();
    mailer.reset();  // finishes the email in hand
    db.stop();
    std::cerr << "colloq: stopped\n";
    return 0;
}

}  // namespace colloq::cli
