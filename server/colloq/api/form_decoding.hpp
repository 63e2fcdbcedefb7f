#pragma once
// The no-JavaScript registration form's body (application/x-www-form-urlencoded).
#include <string>

#include "colloq/domain/registration.hpp"

namespace colloq::api {

// The applicant the form describes; `well_formed` false when the body cannot be decoded or a
// field is not UTF-8. Safe on any input.
domain::applicant applicant_from_form(const std::string& body, bool& well_formed);

}  // namespace colloq::api
