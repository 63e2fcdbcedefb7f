#pragma once
// JSON views of domain values, as the contract shapes them.
#include <boost/json/object.hpp>

#include "colloq/domain/registration.hpp"

namespace colloq::api {

// {id, first_name, last_name, email, organisation, role, partner, status, created_at, checked_in_at}
// (+ waitlist_position when waitlisted).
boost::json::object registration_json(const domain::registration& r);

}  // namespace colloq::api
