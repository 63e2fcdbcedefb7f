#include "colloq/mail/late_list.hpp"

#include "colloq/domain/time.hpp"

namespace colloq::mail {

bool registered_after_list(std::string_view created_at, std::string_view list_sent_at) {
    auto made = domain::parse_rfc3339(created_at);
    auto sent = domain::parse_rfc3339(list_sent_at);
    // Times have a millisecond's resolution: a registration in the very millisecond of the freeze,
    // which the freeze found waiting, reads as made before it.
    return !made || !sent || made->utc > sent->utc;
}

std::string late_list_sentence(const std::string& recipient, const std::string& sent_on, bool registered_after) {
    return "La liste nominative des participants a été transmise au contrôle d'accès (" + recipient + ") le " +
           sent_on +
           (registered_after ? ", avant votre inscription" : ", alors que votre inscription n'était pas encore confirmée") +
           " : votre nom n'y figure pas.";
}

}  // namespace colloq::mail
