#include "colloq/exports/export_row.hpp"

namespace colloq::exports {

std::string_view field_title(std::string_view field) {
    if (field == "last_name") return "Nom";
    if (field == "first_name") return "Prénom";
    if (field == "email") return "E-mail";
    if (field == "organisation") return "Collectivité ou organisme";
    if (field == "role") return "Fonction";
    if (field == "partner") return "Association partenaire";
    return "";
}

std::vector<std::string> export_headers(const std::vector<std::string>& question_titles) {
    std::vector<std::string> titles{"N°"};
    for (const char* field : {"last_name", "first_name", "email", "organisation", "role", "partner"})
        titles.emplace_back(field_title(field));
    titles.insert(titles.end(), {"Statut", "Inscrit le", "Entrée à", "Consentement le", "Version de la notice"});
    titles.insert(titles.end(), question_titles.begin(), question_titles.end());
    return titles;
}

}  // namespace colloq::exports
