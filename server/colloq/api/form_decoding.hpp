#pragma once
// The no-JavaScript registration form's body (application/x-www-form-urlencoded).
#include <string>

#include "colloq/config/config.hpp"
#include "colloq/domain/registration.hpp"

namespace colloq::api {

// The applicant the form describes; `well_formed` false when the body cannot be decoded or a
// field is not UTF-8. Safe on any input.
// Answers come as fields "answers.<id>", repeated for a question of several choices.
domain::applicant applicant_from_form(const std::string& body, bool& well_formed);

// A form sends every answer as text: gives each configured question's answer the shape the
// JSON API would (a list for choices, a flag for a checkbox), for the same validation.
void shape_form_answers(domain::answer_map& answers, const config::config& cfg);

}  // namespace colloq::api
