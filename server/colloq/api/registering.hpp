#pragma once
// The one path a registration takes, from the JSON API and from the HTML form alike.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "colloq/api/guard.hpp"
#include "colloq/api/services.hpp"
#include "colloq/domain/validation.hpp"

namespace colloq::api {

struct registering_outcome {
    enum kind { registered, already_registered, invalid, closed, unavailable, rate_limited, full, forbidden } result =
        unavailable;
    domain::registration reg;               // when registered
    std::string manage_url;                 // when registered
    std::vector<domain::field_error> errors;  // when invalid: every fault, in form order
    std::string message;                    // French, for every kind but registered and invalid
    long long retry_after = 0;              // seconds, when rate_limited
};

// The HTTP status and error code that answer an outcome other than registered and invalid.
int http_status(registering_outcome::kind k);
const char* error_code(registering_outcome::kind k);

// Is the registration window open now?
bool registration_open(const config::config& cfg);
std::string closed_message(const config::config& cfg);

// Validates, then stores; calls back once with the outcome (on a store thread). `by`: when a
// staff member makes the registration.
void register_applicant(services& s, domain::applicant a, std::function<void(registering_outcome)> done,
                        std::optional<store::store::registration_options> by = std::nullopt);

// The public routes' way in (and staff registrations other than guests): register_applicant
// within [limits] registrations_per_address for the client `address`. Only registrations
// actually made are counted (a place is reserved first, and given back when the answer is
// anything else), so concurrent requests cannot pass the limit and a form sent back with a
// fault costs nothing.
void register_from_public(services& s, const std::string& address, domain::applicant a,
                          std::function<void(registering_outcome)> done,
                          std::optional<store::store::registration_options> by = std::nullopt);

// A registration made by staff (a phone call, a speaker): a partner's staff register for their own
// partner only, and only an admin may make a guest, who skips the window, the address limit, the
// partner quota and approval but never the capacity (`full`). The others go the public's way,
// without the consent box (the staff member takes it on).
struct staff_registration {
    domain::applicant applicant;
    bool send_email = true;
    bool guest = false;
};
void register_by_staff(services& s, const principal& by, const std::string& address, staff_registration r,
                       std::function<void(registering_outcome)> done);

// Cheap shape check of a manage token before any database work.
bool plausible_token(const std::string& token);
// A registration's number as a path gives it ("42"); none for anything else.
std::optional<long long> parse_registration_id(const std::string& text);

std::string manage_url(const config::config& cfg, const std::string& token);

}  // namespace colloq::api
