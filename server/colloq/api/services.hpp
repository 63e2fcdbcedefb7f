#pragma once
// What the handlers work with, and the function that puts every route in the router.
#include <memory>

#include "colloq/api/router.hpp"
#include "colloq/api/static_files.hpp"
#include "colloq/api/templates.hpp"
#include "colloq/auth/key_limiter.hpp"
#include "colloq/auth/login_limiter.hpp"
#include "colloq/config/config.hpp"
#include "colloq/store/store.hpp"
#include "colloq/support/job_threads.hpp"
#include "colloq/tickets/signing.hpp"

namespace colloq::api {

// The client addresses whose public registrations are counted at once, at most.
inline constexpr std::size_t max_registering_addresses = 100000;

class badge_files;

struct services {
    const config::config& cfg;
    store::store& db;
    const templates& pages;
    const static_files& files;
    support::job_threads& hasher;  // Argon2id password hashes
    auth::login_limiter& limiter;
    auth::key_limiter& registrations_by_address;  // the public routes' new registrations, per client address
    const tickets::key_pair& key;  // signs badges
    std::string data_dir;          // exports are built under <data>/exports
    std::string privacy_notice_html;  // built from the configuration by add_routes
    std::shared_ptr<badge_files> badges;  // the rendered badges and certificates (set by add_badge_routes)
};

void add_routes(router& r, services& s);

// The routes by audience (one file each).
void add_public_routes(router& r, services& s);
void add_page_routes(router& r, services& s);
void add_staff_routes(router& r, services& s);
void add_door_routes(router& r, services& s);
void add_badge_routes(router& r, services& s);
void add_staff_action_routes(router& r, services& s);
void add_export_routes(router& r, services& s);
void add_import_routes(router& r, services& s);
void add_security_list_routes(router& r, services& s);
void add_mailing_routes(router& r, services& s);
void add_privacy_routes(router& r, services& s);
void add_metrics_routes(router& r, services& s);

}  // namespace colloq::api
