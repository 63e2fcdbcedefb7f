#pragma once
// The configured questions as fields of the registration form, filled with what was sent and
// each fault under its field, like the form's own fields.
#include <string>
#include <vector>

#include "colloq/config/config.hpp"
#include "colloq/domain/registration.hpp"
#include "colloq/domain/validation.hpp"

namespace colloq::api {

struct question_fields {
    std::string html;         // the fields, in configuration order
    std::string error_items;  // <li> entries for the form's error summary
};

question_fields render_question_fields(const config::config& cfg, const domain::answer_map& values,
                                       const std::vector<domain::field_error>& faults);

// The answers as a definition list (<dl>) for the attendee's own page; empty without answers.
std::string answers_html(const config::config& cfg, const domain::answer_map& answers);

}  // namespace colloq::api
