#include "colloq/api/staff_budget_answer.hpp"

#include <string>

#include "colloq/api/json_io.hpp"

namespace colloq::api {

response over_budget(const store::budget_answer& refused) {
    response answer =
        refused.refused == store::budget_answer::mailings
            ? json_error(429, "rate_limited",
                         "Vous avez envoyé " + std::to_string(store::staff_mailings_per_day) +
                             " messages aujourd'hui, le maximum par jour : réessayez demain. Rien n'a été envoyé.")
            : json_error(429, "rate_limited",
                         "Cet envoi dépasserait le nombre d'e-mails que votre compte peut faire partir en une "
                         "journée (imports et messages compris) : rien n'a été enregistré ni envoyé. Réessayez "
                         "demain, ou importez sans envoyer d'e-mail.");
    answer.headers.emplace_back("Retry-After", std::to_string(refused.retry_after));
    return answer;
}

}  // namespace colloq::api
