#pragma once
// JSON views of domain values, as the contract shapes them.
#include <boost/json/object.hpp>

#include "colloq/domain/registration.hpp"
#include "colloq/store/security_list.hpp"

namespace colloq::api {

// {id, first_name, last_name, email, organisation, role, partner, status, created_at, checked_in_at,
// answers, guest, on_security_list} (+ waitlist_position when waitlisted).
boost::json::object registration_json(const domain::registration& r, const store::security_marks& marks);

}  // namespace colloq::api
