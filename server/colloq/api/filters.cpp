#include "colloq/api/filters.hpp"

#include "colloq/api/json_io.hpp"

namespace colloq::api {

std::optional<response> read_filter(const request& req, const config::config& cfg, store::registration_filter& out) {
    if (auto status = req.query_param("status"); status && !status->empty()) {
        out.status = domain::status_from(*status);
        if (!out.status)
            return json_error(422, "invalid",
                              "Statut inconnu\u00A0: utilisez confirmed, waitlisted, pending ou cancelled.", "status");
    }
    if (auto partner = req.query_param("partner"); partner && !partner->empty()) {
        if (*partner != "public" && !cfg.find_partner(*partner))
            return json_error(422, "invalid", "Association partenaire inconnue.", "partner");
        out.partner = *partner == "public" ? "" : *partner;
    }
    out.query = req.query_param("q").value_or("");
    return std::nullopt;
}

void limit_to_scope(const principal& p, store::registration_filter& filter) {
    auto scope = partner_scope(p);
    if (!scope) return;
    // Asking for another partner gives a slug that no registration has: an empty result.
    filter.partner = filter.partner && *filter.partner != *scope ? "\x01" : *scope;
}

}  // namespace colloq::api
