#include "colloq/exports/export_row.hpp"

namespace colloq::exports {

std::vector<std::string> export_headers() {
    return {"N°",       "Nom",                    "Prénom", "E-mail",     "Collectivité ou organisme",
            "Fonction", "Association partenaire", "Statut", "Inscrit le", "Entrée à"};
}

}  // namespace colloq::exports
