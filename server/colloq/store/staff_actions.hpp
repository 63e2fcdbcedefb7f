#pragma once
// What staff do to a registration: approve, decline, cancel, resend, correct. Each is
// recorded in the audit trail, and scoped: a partner's staff act on their partner's only.
#include <optional>
#include <string>

#include "colloq/domain/registration.hpp"
#include "colloq/store/writer.hpp"

namespace colloq::store {

enum class staff_action { approve, decline, cancel, resend };

struct registration_edit {
    std::optional<std::string> first_name, last_name, organisation, role;  // already validated
    domain::answer_map answers;  // already validated; an answer without values is removed
};

struct action_outcome {
    // erased: the registration was anonymised (a correction says so; other actions find nothing)
    enum kind_t { done, not_found, wrong_state, erased } kind = not_found;
    domain::registration reg;  // after the action
};

// `scope`: the partner the staff member is limited to; another partner's registration is "not found".
action_outcome act_on_registration(write_context& ctx, long long id, staff_action action, long long staff_id,
                                   const std::optional<std::string>& scope);
action_outcome edit_registration(write_context& ctx, long long id, const registration_edit& edit,
                                 long long staff_id, const std::optional<std::string>& scope);

}  // namespace colloq::store
