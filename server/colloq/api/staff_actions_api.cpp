// Staff actions on one registration, the audit trail and the counts, all through the guard.
#include <map>

#include <boost/json.hpp>

#include "colloq/api/guard.hpp"
#include "colloq/api/json_io.hpp"
#include "colloq/api/registering.hpp"
#include "colloq/api/views.hpp"
#include "colloq/domain/text.hpp"
#include "colloq/domain/time.hpp"
#include "colloq/domain/validation.hpp"

namespace colloq::api {

namespace json = boost::json;

namespace {


response not_found() { return json_error(404, "not_found", "Cette inscription n'existe pas."); }

std::function<void(store::action_reply)> answer(services& s, responder respond, const char* wrong_state_message) {
    return [&s, respond, wrong_state_message](store::action_reply reply) {
        if (reply.failed) return respond(unavailable());
        switch (reply.outcome.kind) {
            case store::action_outcome::not_found: return respond(not_found());
            case store::action_outcome::wrong_state: return respond(json_error(409, "invalid_state", wrong_state_message));
            case store::action_outcome::erased:
                return respond(json_error(409, "invalid_state",
                                          "Les données de cette inscription ont été effacées : il n'y a plus rien à "
                                          "corriger."));
            case store::action_outcome::done: return respond(json_response(200, registration_json(reply.outcome.reg, s.db.security_marks_of())));
        }
    };
}

void add_action(router& r, services& s, const char* path, store::staff_action action, const char* wrong_state) {
    r.add("POST", path, [&s, action, wrong_state](request& req, responder respond) {
        auto id = parse_registration_id(req.params[0]);
        if (!id) return respond(not_found());
        with_principal(s, req, respond, access::staff, [&s, respond, id, action, wrong_state](const principal& p) {
            s.db.act_on_registration(*id, action, p.staff_id, partner_scope(p), answer(s, respond, wrong_state));
        });
    });
}

// The same checks as registering, for the fields that are present.
std::optional<store::registration_edit> edit_from(const json::object& o, const config::config& cfg,
                                                  std::optional<response>& error) {
    store::registration_edit edit;
    edit.first_name = text_field(o, "first_name", error);
    edit.last_name = text_field(o, "last_name", error);
    edit.organisation = text_field(o, "organisation", error);
    edit.role = text_field(o, "role", error);
    auto answers = answers_field(o, error);
    if (error) return std::nullopt;
    if (!edit.first_name && !edit.last_name && !edit.organisation && !edit.role && answers.empty()) {
        error = json_error(422, "invalid",
                           "Indiquez au moins un champ à corriger (first_name, last_name, organisation, role, answers).");
        return std::nullopt;
    }
    // Validate with a complete applicant whose untouched fields are known to be valid.
    domain::applicant a{edit.first_name.value_or("x"), edit.last_name.value_or("x"), "x@example.org",
                        edit.organisation.value_or("x"), edit.role.value_or("x"), std::nullopt, true,
                        std::move(answers)};
    if (auto faults = domain::validate_all(a, cfg, true); !faults.empty()) {
        error = invalid_fields(faults);
        return std::nullopt;
    }
    if (edit.first_name) edit.first_name = a.first_name;
    if (edit.last_name) edit.last_name = a.last_name;
    if (edit.organisation) edit.organisation = a.organisation;
    if (edit.role) edit.role = a.role;
    edit.answers = std::move(a.answers);
    return edit;
}

// Registrations made and cancelled per day in the event's own offset, in all and by partner
// ("public" for the public), from the counts per UTC hour.
json::array timeline_json(const config::config& cfg, const std::vector<store::timeline_row>& hours,
                          const std::optional<std::string>& scope) {
    std::map<std::string, json::object> days;
    for (const auto& h : hours) {
        if (scope && h.partner != *scope) continue;
        auto at = domain::parse_rfc3339(h.hour + ":00:00Z");
        if (!at) continue;
        std::string date = domain::format_local(domain::in_offset_of(cfg.event.starts_at, at->utc)).substr(0, 10);
        auto& day = days[date];
        if (day.empty()) day = json::object{{"date", date}, {"registered", 0}, {"cancelled", 0}, {"by_partner", json::object{}}};
        day["registered"] = day["registered"].as_int64() + h.registered;
        day["cancelled"] = day["cancelled"].as_int64() + h.cancelled;
        auto& partner = day["by_partner"].as_object()[h.partner.empty() ? "public" : h.partner];
        if (partner.is_null()) partner = json::object{{"registered", 0}, {"cancelled", 0}};
        auto& counts = partner.as_object();
        counts["registered"] = counts["registered"].as_int64() + h.registered;
        counts["cancelled"] = counts["cancelled"].as_int64() + h.cancelled;
    }
    json::array out;
    for (auto& [date, day] : days) out.push_back(std::move(day));
    return out;
}

// Who came and who did not among the confirmed, in all and by partner.
json::object attendance_json(const std::vector<store::stats_row>& rows, const std::optional<std::string>& scope) {
    std::map<std::string, std::pair<int, int>> by_partner;  // checked in, no-show
    int checked_in = 0, no_show = 0;
    for (const auto& row : rows) {
        if (scope && row.partner != *scope) continue;
        auto& counts = by_partner[row.partner.empty() ? "public" : row.partner];
        counts.first += row.checked_in;
        checked_in += row.checked_in;
        if (row.status == "confirmed") {
            counts.second += row.count - row.checked_in;
            no_show += row.count - row.checked_in;
        }
    }
    json::array partners;
    for (const auto& [partner, counts] : by_partner)
        partners.push_back(json::object{{"partner", partner}, {"checked_in", counts.first}, {"no_show", counts.second}});
    return json::object{{"checked_in", checked_in}, {"no_show", no_show}, {"by_partner", std::move(partners)}};
}

}  // namespace

void add_staff_action_routes(router& r, services& s) {
    add_action(r, s, "/api/registrations/{}/approve", store::staff_action::approve,
               "Seule une inscription en attente de validation peut être validée.");
    add_action(r, s, "/api/registrations/{}/decline", store::staff_action::decline,
               "Seule une inscription en attente de validation peut être refusée.");
    add_action(r, s, "/api/registrations/{}/cancel", store::staff_action::cancel, "");
    add_action(r, s, "/api/registrations/{}/resend", store::staff_action::resend, "");

    r.add("PATCH", "/api/registrations/{}", [&s](request& req, responder respond) {
        auto id = parse_registration_id(req.params[0]);
        if (!id) return respond(not_found());
        with_principal(s, req, respond, access::staff, [&s, &req, respond, id](const principal& p) {
            auto parsed = parse_json_object(req);
            if (parsed.error) return respond(std::move(*parsed.error));
            std::optional<response> error;
            auto edit = edit_from(parsed.object, s.cfg, error);
            if (!edit) return respond(std::move(*error));
            s.db.edit_registration(*id, std::move(*edit), p.staff_id, partner_scope(p),
                                   answer(s, respond,
                                          "Cette inscription est annulée : elle ne peut plus être corrigée. "
                                          "Inscrivez de nouveau la personne si elle vient finalement."));
        });
    });

    r.add("GET", "/api/audit", [&s](request& req, responder respond) {
        with_principal(s, req, respond, access::admin, [&s, respond](const principal&) {
            s.db.audit_trail(1000, [respond](store::audit_reply reply) {
                if (reply.failed) return respond(unavailable());
                json::array entries;
                for (const auto& e : reply.entries)
                    entries.push_back(json::object{
                        {"at", e.at},
                        {"staff", e.staff_email.empty() ? json::value(nullptr) : json::value(e.staff_email)},
                        {"action", e.action},
                        {"registration_id", e.registration_id ? json::value(*e.registration_id) : json::value(nullptr)},
                        {"detail", e.detail}});
                respond(json_response(200, json::object{{"entries", std::move(entries)}}));
            });
        });
    });

    r.add("GET", "/api/stats", [&s](request& req, responder respond) {
        with_principal(s, req, respond, access::staff, [&s, respond](const principal& p) {
            auto scope = partner_scope(p);
            s.db.stats([&s, respond, scope](store::stats_reply reply) {
                if (reply.failed) return respond(unavailable());
                std::map<std::string, std::map<std::string, int>> by_partner;
                std::map<std::string, int> totals{{"confirmed", 0}, {"waitlisted", 0}, {"pending", 0}, {"cancelled", 0}};
                int checked_in = 0;
                for (const auto& row : reply.rows) {
                    if (scope && row.partner != *scope) continue;
                    std::string key = row.partner.empty() ? "public" : row.partner;
                    by_partner[key][row.status] += row.count;
                    totals[row.status] += row.count;
                    checked_in += row.checked_in;
                }
                json::array partners;
                auto tally = s.db.tally();
                for (const auto& pa : s.cfg.partners) {
                    if (scope && pa.slug != *scope) continue;
                    auto& counts = by_partner[pa.slug];
                    partners.push_back(json::object{
                        {"slug", pa.slug}, {"name", pa.name},
                        {"quota", pa.quota ? json::value(*pa.quota) : json::value(nullptr)},
                        {"confirmed", counts["confirmed"]}, {"waitlisted", counts["waitlisted"]},
                        {"pending", counts["pending"]}, {"cancelled", counts["cancelled"]},
                        {"remaining", tally->seats.remaining_of(pa.slug)}});
                }
                json::object body{{"capacity", s.cfg.event.capacity},
                                  {"remaining", tally->seats.remaining()},
                                  {"by_status", json::object{{"confirmed", totals["confirmed"]},
                                                             {"waitlisted", totals["waitlisted"]},
                                                             {"pending", totals["pending"]},
                                                             {"cancelled", totals["cancelled"]}}},
                                  {"checked_in", checked_in},
                                  {"partners", std::move(partners)}};
                body["timeline"] = timeline_json(s.cfg, reply.timeline, scope);
                body["attendance"] = attendance_json(reply.rows, scope);
                if (!scope) {
                    auto& pub = by_partner["public"];
                    body["public"] = json::object{{"confirmed", pub["confirmed"]}, {"waitlisted", pub["waitlisted"]},
                                                  {"cancelled", pub["cancelled"]}};
                }
                respond(json_response(200, body));
            });
        });
    });
}

}  // namespace colloq::api
