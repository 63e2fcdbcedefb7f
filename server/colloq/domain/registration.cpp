#include "colloq/domain/registration.hpp"

namespace colloq::domain {

std::string_view to_string(status s) {
    switch (s) {
        case status::confirmed: return "confirmed";
        case status::waitlisted: return "waitlisted";
        case status::pending: return "pending";
        case status::cancelled: return "cancelled";
    }
    return "pending";
}

std::optional<status> status_from(std::string_view text) {
    for (status s : {status::confirmed, status::waitlisted, status::pending, status::cancelled})
        if (to_string(s) == text) return s;
    return std::nullopt;
}

std::string_view french_label(status s) {
    switch (s) {
        case status::confirmed: return "Inscription confirmée";
        case status::waitlisted: return "En liste d'attente";
        case status::pending: return "En attente de validation par l'association";
        case status::cancelled: return "Inscription annulée";
    }
    return "";
}

}  // namespace colloq::domain
