#pragma once
// The one path a registration takes, from the JSON API and from the HTML form alike.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "colloq/api/services.hpp"
#include "colloq/domain/validation.hpp"

namespace colloq::api {

struct registering_outcome {
    enum kind { registered, already_registered, invalid, closed, unavailable, rate_limited } result = unavailable;
    domain::registration reg;               // when registered
    std::string manage_url;                 // when registered
    std::vector<domain::field_error> errors;  // when invalid: every fault, in form order
    std::string message;                    // French, for closed, unavailable and rate_limited
    long long retry_after = 0;              // seconds, when rate_limited
};

// Is the registration window open now?
bool registration_open(const config::config& cfg);
std::string closed_message(const config::config& cfg);

// Validates, then stores; calls back once with the outcome (on a store thread).
void register_applicant(services& s, domain::applicant a, std::function<void(registering_outcome)> done);

// The public routes' way in: register_applicant within [limits] registrations_per_address for
// the client `address`. Only registrations actually made are counted (a place is reserved
// first, and given back when the answer is anything else), so concurrent requests cannot
// pass the limit and a form sent back with a fault costs nothing. Staff-made registrations
// call register_applicant directly.
void register_from_public(services& s, const std::string& address, domain::applicant a,
                          std::function<void(registering_outcome)> done);

// Cheap shape check of a manage token before any database work.
bool plausible_token(const std::string& token);

std::string manage_url(const config::config& cfg, const std::string& token);

}  // namespace colloq::api
