#include "colloq/api/privacy_notice.hpp"

#include "colloq/api/security_list_files.hpp"
#include "colloq/crypto/secrets.hpp"
#include "colloq/domain/text.hpp"
#include "colloq/domain/time.hpp"

namespace colloq::api {

namespace {

using domain::html_escape;

std::string joined(const std::vector<std::string>& items, const std::string& last_separator) {
    std::string out;
    for (std::size_t i = 0; i < items.size(); ++i)
        out += (i == 0 ? "" : i + 1 == items.size() ? last_separator : ", ") + items[i];
    return out;
}

std::string data_items(const config::config& cfg) {
    std::string out = "Vos prénom et nom, votre adresse e-mail, votre collectivité ou organisme, votre fonction";
    if (!cfg.partners.empty()) out += ", l'association partenaire que vous avez choisie";
    if (!cfg.questions.empty()) {
        std::vector<std::string> labels;
        for (const auto& q : cfg.questions) labels.push_back("«\u00A0" + html_escape(q.label) + "\u00A0»");
        out += ", vos réponses aux questions du formulaire (" + joined(labels, " et ") + ")";
    }
    return out + ", le statut de votre inscription, les e-mails qui vous ont été envoyés et, le jour du colloque, "
                 "l'heure de votre arrivée.";
}

std::string recipients(const config::config& cfg) {
    std::string out = "<li>l'organisateur, " + html_escape(cfg.event.organiser) + "&nbsp;;</li>\n";
    if (!cfg.partners.empty()) {
        std::vector<std::string> names;
        for (const auto& p : cfg.partners) names.push_back(html_escape(p.name));
        out += "<li>l'association partenaire que vous avez choisie, le cas échéant (" + joined(names, " ou ") +
               "), pour les seules inscriptions de son réseau&nbsp;;</li>\n";
    }
    if (cfg.security_list) {
        std::vector<std::string> fields;
        for (const auto& column : cfg.security_list_columns())
            fields.push_back(html_escape(security_column_title(cfg, column)));
        out += "<li>" + html_escape(cfg.security_list->recipient) +
               ", qui reçoit avant le colloque la liste nominative des participants confirmés pour le contrôle "
               "d'accès&nbsp;: " + joined(fields, " et ") + "&nbsp;;</li>\n";
    }
    out += "<li>personne d'autre&nbsp;: la personne à qui vous remettez votre attestation de présence voit seulement "
           "ce qu'elle atteste.</li>\n";
    return out;
}

std::string retention(const config::config& cfg) {
    auto purge_at = cfg.purge_at();
    if (!purge_at)
        return "Jusqu'à ce que l'organisateur les supprime&nbsp;; vous pouvez les effacer vous-même à tout moment "
               "depuis la page de votre inscription.";
    int days = *cfg.privacy.retention_days;
    return "Jusqu'au " + html_escape(domain::french_date(domain::in_offset_of(cfg.event.starts_at, *purge_at))) + ", " + std::to_string(days) +
           (days == 1 ? " jour" : " jours") +
           " après le colloque. Elles sont alors anonymisées automatiquement&nbsp;: votre nom, votre adresse e-mail, "
           "votre organisme, votre fonction, vos réponses et les e-mails qui vous ont été envoyés sont effacés. Seuls "
           "restent, sans rien qui vous désigne, le statut des inscriptions et leurs dates, pour les statistiques du "
           "colloque.";
}

}  // namespace

privacy_notice make_privacy_notice(const config::config& cfg, const templates& pages) {
    template_vars vars{{"event_organiser", cfg.event.organiser},
                       {"contact_email", cfg.event.contact_email},
                       {"controller", cfg.privacy.controller},
                       {"data_items", data_items(cfg)},
                       {"purposes", cfg.security_list ? "<li>établir la liste d'accès que " +
                                                            html_escape(cfg.security_list->recipient) +
                                                            " exige pour laisser entrer les participants&nbsp;;</li>\n"
                                                      : std::string()},
                       {"recipients", recipients(cfg)},
                       {"retention", retention(cfg)}};
    if (!cfg.privacy.dpo_email.empty())
        vars["dpo"] = " Délégué à la protection des données&nbsp;: <a href=\"mailto:" + html_escape(cfg.privacy.dpo_email) +
                      "\">" + html_escape(cfg.privacy.dpo_email) + "</a>.";
    // The version names the text without itself.
    vars["version"] = "";
    privacy_notice out;
    out.version = crypto::hash_token(pages.render("privacy", vars)).substr(0, 16);
    vars["version"] = out.version;
    out.html = pages.render("privacy", vars);
    return out;
}

}  // namespace colloq::api
