#include "colloq/domain/validation.hpp"

#include <cstdio>

#include "colloq/domain/answers.hpp"
#include "colloq/domain/printable.hpp"
#include "colloq/domain/text.hpp"

namespace colloq::domain {

namespace {

bool is_atext(char c) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
    return std::string_view("!#$%&'*+-/=?^_`{|}~").find(c) != std::string_view::npos;
}

bool is_valid_domain(std::string_view d) {
    if (d.empty() || d.size() > 253) return false;
    std::size_t labels = 0;
    std::string_view last;
    while (true) {
        auto dot = d.find('.');
        std::string_view label = d.substr(0, dot);
        if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') return false;
        for (char c : label)
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'))
                return false;
        ++labels;
        last = label;
        if (dot == std::string_view::npos) break;
        d.remove_prefix(dot + 1);
    }
    if (labels < 2 || last.size() < 2) return false;
    for (char c : last)
        if (c >= '0' && c <= '9') return false;  // a top-level domain is never numeric
    return true;
}

// Checks one text field: required, no control characters, bounded length.
std::optional<field_error> check_text(std::string& value, const char* field, std::size_t max,
                                      const char* empty_message, const char* too_long_message) {
    value = trim(value);
    if (has_control_characters(value))
        return field_error{field, "Ce champ contient un caractère non autorisé (retour à la ligne ou "
                                  "caractère de contrôle) : merci de le retirer."};
    if (has_invisible_formatting(value))
        return field_error{field, "Ce champ contient un caractère invisible (espace de largeur nulle ou "
                                  "caractère qui inverse le sens de lecture) : merci de le retirer, par "
                                  "exemple en retapant le texte au lieu de le coller."};
    // A name goes into the e-mail's To: header, where mail programs would decode « =?utf-8?B?…?= ».
    if (has_encoded_word(value))
        return field_error{field, "Ce champ contient une suite « =?…?= » que les logiciels de messagerie "
                                  "liraient comme un texte codé : merci de la retirer."};
    if (value.empty()) return field_error{field, empty_message};
    if (count_code_points(value) > max) return field_error{field, too_long_message};
    return std::nullopt;
}

// A character the badge could only print as a box: « U+E000 ».
std::optional<field_error> check_printable(const std::string& value, const char* field, const char* label) {
    auto c = first_unprintable(value);
    if (!c) return std::nullopt;
    char code[16];
    std::snprintf(code, sizeof code, "U+%04X", static_cast<unsigned>(*c));
    return field_error{field, std::string(label).append(" contient un caractère que le badge ne peut pas "
                                                        "imprimer (").append(code).append(") : merci de le "
                                                        "remplacer ou de le retirer.")};
}

}  // namespace

bool is_valid_email(std::string_view email) {
    if (email.size() > max_email_length) return false;
    auto at = email.rfind('@');
    if (at == std::string_view::npos || at == 0) return false;
    std::string_view local = email.substr(0, at);
    if (local.size() > 64 || local.front() == '.' || local.back() == '.') return false;
    char previous = 0;
    for (char c : local) {
        if (c == '.' && previous == '.') return false;
        if (c != '.' && !is_atext(c)) return false;
        previous = c;
    }
    return is_valid_domain(email.substr(at + 1));
}

std::string normalise_email(std::string_view email) { return to_lower_ascii(trim(email)); }

std::vector<field_error> validate_all(applicant& a, const config::config& cfg, bool partial_answers) {
    std::vector<field_error> faults;
    auto note = [&faults](std::optional<field_error> e) {
        if (e) faults.push_back(std::move(*e));
    };
    // The fields the badge prints: each must print as itself (see printable.hpp).
    auto printed = [&note](std::optional<field_error> e, const std::string& value, const char* field,
                           const char* label) {
        if (e) return note(std::move(e));
        note(check_printable(value, field, label));
    };
    printed(check_text(a.first_name, "first_name", max_name_length, "Indiquez votre prénom.",
                       "Le prénom ne doit pas dépasser 100 caractères."),
            a.first_name, "first_name", "Le prénom");
    printed(check_text(a.last_name, "last_name", max_name_length,
                       "Indiquez votre nom, tel qu'il figure sur votre pièce d'identité.",
                       "Le nom ne doit pas dépasser 100 caractères."),
            a.last_name, "last_name", "Le nom");
    if (auto e = check_text(a.email, "email", max_email_length, "Indiquez votre adresse e-mail.",
                            "L'adresse e-mail ne doit pas dépasser 254 caractères."))
        note(std::move(e));
    else if (!is_valid_email(a.email))
        note(field_error{"email", "Cette adresse e-mail ne semble pas valide. Vérifiez-la "
                                  "(exemple : prenom.nom@mairie.fr)."});
    printed(check_text(a.organisation, "organisation", max_organisation_length,
                       "Indiquez votre collectivité ou organisme.",
                       "Le nom de la collectivité ou de l'organisme ne doit pas dépasser 200 caractères."),
            a.organisation, "organisation", "Le nom de la collectivité ou de l'organisme");
    printed(check_text(a.role, "role", max_role_length, "Indiquez votre fonction.",
                       "La fonction ne doit pas dépasser 150 caractères."),
            a.role, "role", "La fonction");
    if (a.partner) {
        std::string slug = trim(*a.partner);
        if (slug.empty()) {
            a.partner.reset();
        } else if (!cfg.find_partner(slug)) {
            note(field_error{"partner", "Cette association partenaire n'existe pas pour ce colloque : "
                                        "choisissez-en une dans la liste, ou aucune."});
        } else {
            a.partner = slug;
        }
    }
    validate_answers(a.answers, cfg, faults, partial_answers);
    if (!a.consent)
        note(field_error{"consent", "Pour vous inscrire, cochez la case d'accord sur le traitement "
                                    "de vos données."});
    return faults;
}

}  // namespace colloq::domain
