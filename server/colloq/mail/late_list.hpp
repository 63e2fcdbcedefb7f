#pragma once
// A live registration the venue's security list was sent without: why, as it happened.
#include <string>
#include <string_view>

namespace colloq::mail {

// Whether the registration was made after the list was sent (both RFC 3339); otherwise it was
// made before but not yet confirmed then (waiting list, approval).
bool registered_after_list(std::string_view created_at, std::string_view list_sent_at);

// « La liste nominative … a été transmise … le <sent_on>, avant votre inscription : votre nom n'y
// figure pas. », or « … alors que votre inscription n'était pas encore confirmée … ».
std::string late_list_sentence(const std::string& recipient, const std::string& sent_on, bool registered_after);

}  // namespace colloq::mail
