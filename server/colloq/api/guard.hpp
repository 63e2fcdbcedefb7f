#pragma once
// The one place that decides who may do what: it identifies the caller (session cookie or
// bearer token), checks the role and, for cookie sessions, the CSRF token; and it says which
// registrations a caller may see (a partner's staff: their partner's only).
#include <functional>
#include <optional>
#include <string>

#include "colloq/api/services.hpp"
#include "colloq/domain/registration.hpp"

namespace colloq::api {

struct principal {
    long long staff_id = 0;
    std::string email;
    std::string role;     // admin, partner, door
    std::string partner;  // for role partner
    std::optional<long long> session_id;  // none: an API token
};

enum class access {
    staff,  // admin and partner staff: registrations, actions, exports, stats
    door,   // door staff and admin: check-in
    admin,  // admin only: the audit trail
    any,    // any signed-in staff (signing out)
};

// Answers 401 or 403 itself; otherwise calls `then` with the caller. Credentials are checked
// before anything else in the request is looked at. `req` stays valid until the answer is given.
void with_principal(services& s, request& req, responder respond, access need,
                    std::function<void(const principal&)> then);

// The partner a caller is limited to (role partner), or none (admin).
std::optional<std::string> partner_scope(const principal& p);
bool may_see(const principal& p, const domain::registration& r);

// Session cookies: "__Host-" prefixed and Secure when the public URL is https.
std::string session_cookie_name(const config::config& cfg);
std::string session_cookie(const config::config& cfg, const std::string& value, int max_age_seconds);
std::optional<std::string> cookie_value(const request& req, const std::string& name);

}  // namespace colloq::api
