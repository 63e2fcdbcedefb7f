#include "colloq/exports/export_row.hpp"

namespace colloq::exports {

std::vector<std::string> export_headers(const std::vector<std::string>& question_titles) {
    std::vector<std::string> titles{"N°",       "Nom",                    "Prénom", "E-mail",     "Collectivité ou organisme",
                                    "Fonction", "Association partenaire", "Statut", "Inscrit le", "Entrée à"};
    titles.insert(titles.end(), question_titles.begin(), question_titles.end());
    return titles;
}

}  // namespace colloq::exports
