#pragma once
// Checks and cleans what a person submits; says in French what to fix.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "colloq/config/config.hpp"
#include "colloq/domain/registration.hpp"

namespace colloq::domain {

struct field_error {
    std::string field;
    std::string message;  // French, says what to do
};

// Maximum lengths, in characters.
inline constexpr std::size_t max_name_length = 100;
inline constexpr std::size_t max_email_length = 254;
inline constexpr std::size_t max_organisation_length = 200;
inline constexpr std::size_t max_role_length = 150;

// Trims every field and checks it: every fault, one per field, in form order, so that a
// person fixes them all in one go. Empty when valid; `a` then holds the cleaned values
// (partner empty → none). With `partial_answers` (a correction), questions left out of
// `a.answers` are not required.
std::vector<field_error> validate_all(applicant& a, const config::config& cfg, bool partial_answers = false);

bool is_valid_email(std::string_view email);
// The key of the duplicate check: trimmed, lower case.
std::string normalise_email(std::string_view email);

}  // namespace colloq::domain
