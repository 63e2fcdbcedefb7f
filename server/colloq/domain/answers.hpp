#pragma once
// The answers to the configured questions: checked and cleaned, and shown as text.
#include <string>
#include <vector>

#include "colloq/config/config.hpp"
#include "colloq/domain/registration.hpp"
#include "colloq/domain/validation.hpp"

namespace colloq::domain {

// Checks and cleans `given` against the configured questions, appending one fault per question
// (field "answers.<id>") in form order. Unanswered optional questions are dropped. With
// `partial` (a staff correction), questions left out are not required.
void validate_answers(answer_map& given, const config::config& cfg, std::vector<field_error>& faults,
                      bool partial = false);

// An answer as one line of text for pages and exports: choices joined with « ; », a checkbox
// « Oui » or « Non »; empty when unanswered.
std::string answer_text(const answer_map& answers, const std::string& id, const config::question* q);

}  // namespace colloq::domain
