// Mailings: staff write to chosen registrations (an admin to any, a partner's staff to their
// own), see how many and a preview first, and follow each mailing's progress.
#include <chrono>
#include <memory>

#include <boost/json.hpp>

#include "colloq/api/guard.hpp"
#include "colloq/api/json_io.hpp"
#include "colloq/api/staff_budget_answer.hpp"
#include "colloq/mail/mailings.hpp"

namespace colloq::api {

namespace json = boost::json;

namespace {

// The request's `to`, checked and limited to the caller's scope; a response when it is wrong.
std::optional<response> read_audience(const json::object& body, const config::config& cfg, const principal& p,
                                      store::audience& to, std::string& to_json) {
    const json::value* value = body.if_contains("to");
    if (!value || !value->is_object())
        return json_error(422, "invalid", "Choisissez les destinataires (to).", "to");
    const auto& o = value->as_object();
    const json::value* statuses = o.if_contains("status");
    if (!statuses || !statuses->is_array() || statuses->as_array().empty())
        return json_error(422, "invalid", "Choisissez au moins un statut d'inscription.", "to.status");
    for (const auto& s : statuses->as_array()) {
        auto status = s.is_string() ? domain::status_from(std::string(s.as_string())) : std::nullopt;
        if (!status)
            return json_error(422, "invalid", "Statut inconnu\u00A0: utilisez confirmed, waitlisted, pending ou cancelled.",
                              "to.status");
        if (std::find(to.statuses.begin(), to.statuses.end(), *status) == to.statuses.end()) to.statuses.push_back(*status);
    }
    if (const json::value* partner = o.if_contains("partner"); partner && !partner->is_null()) {
        std::string slug = partner->is_string() ? std::string(partner->as_string()) : "";
        if (slug != "public" && !cfg.find_partner(slug))
            return json_error(422, "invalid", "Cette association partenaire n'existe pas.", "to.partner");
        to.partner = slug == "public" ? "" : slug;
    }
    if (auto scope = partner_scope(p)) {
        if (to.partner && *to.partner != *scope)
            return json_error(403, "forbidden", "Vous ne pouvez écrire qu'aux inscrits de votre association.", "to.partner");
        to.partner = *scope;
    }
    if (const json::value* checked = o.if_contains("checked_in"); checked && !checked->is_null()) {
        if (!checked->is_bool())
            return json_error(422, "invalid", "Pour la présence (checked_in), indiquez true, false ou null.", "to.checked_in");
        to.checked_in = checked->as_bool();
    }
    json::object stored;
    json::array names;
    for (auto s : to.statuses) names.emplace_back(std::string(domain::to_string(s)));
    stored["status"] = std::move(names);
    if (to.partner) stored["partner"] = *to.partner;
    if (to.checked_in) stored["checked_in"] = *to.checked_in;
    to_json = json::serialize(stored);
    return std::nullopt;
}

json::object summary_json(const store::mailing_summary& m) {
    return json::object{{"id", m.id},
                        {"at", m.at},
                        {"kind", m.kind},
                        {"staff", m.staff_email.empty() ? json::value(nullptr) : json::value(m.staff_email)},
                        {"subject", m.subject},
                        {"partner", m.partner ? json::value(*m.partner) : json::value(nullptr)},
                        {"recipients", m.recipients},
                        {"sent", m.sent},
                        {"failed", m.failed},
                        {"queued", std::max(0, m.recipients - m.sent - m.failed)}};
}

}  // namespace

void add_mailing_routes(router& r, services& s) {
    r.add("POST", "/api/mailings", [&s](request& req, responder respond) {
        with_principal(s, req, respond, access::staff, [&s, &req, respond](const principal& p) {
            auto parsed = parse_json_object(req);
            if (parsed.error) return respond(std::move(*parsed.error));
            std::optional<response> error;
            auto subject = text_field(parsed.object, "subject", error);
            auto body = text_field(parsed.object, "body", error);
            auto attach = flag_field(parsed.object, "attach_badge", error);
            if (error) return respond(std::move(*error));
            if (auto fault = mail::check_mailing_text(subject.value_or(""), body.value_or("")))
                return respond(json_error(422, "invalid", fault->message, fault->field));
            store::mailing_draft draft;
            if (auto wrong = read_audience(parsed.object, s.cfg, p, draft.to, draft.audience_json))
                return respond(std::move(*wrong));
            draft.to.leave_out_opted_out = true;  // the dry run's count too
            draft.subject = *subject;
            draft.body = *body;
            draft.attach_badge = attach.value_or(false);
            draft.staff_id = p.staff_id;

            if (req.query_param("dry_run").value_or("0") == "1") {
                s.db.count_audience(draft.to, [&s, respond, draft](store::audience_reply reply) {
                    if (reply.failed) return respond(unavailable());
                    json::value preview = nullptr;
                    if (reply.first) {
                        // A real recipient, with a stand-in for the private link each e-mail will carry.
                        auto c = mail::context_for(s.cfg, *reply.first, s.cfg.server.public_url + "/m/…");
                        bool badge = draft.attach_badge && reply.first->state == domain::status::confirmed;
                        auto text = mail::render_mailing(draft.subject, draft.body, c, badge);
                        preview = json::object{{"subject", text.subject}, {"text", text.text}};
                    }
                    respond(json_response(200, json::object{{"recipients", reply.recipients}, {"preview", preview}}));
                });
                return;
            }
            s.db.queue_mailing(std::move(draft), std::nullopt, [respond](store::mailing_reply reply) {
                if (reply.failed || !reply.queued) return respond(unavailable());
                if (reply.queued->budget.refused) return respond(over_budget(reply.queued->budget));
                respond(json_response(202, json::object{{"id", reply.queued->id}, {"recipients", reply.queued->recipients}}));
            });
        });
    });

    r.add("GET", "/api/mailings", [&s](request& req, responder respond) {
        with_principal(s, req, respond, access::staff, [&s, respond](const principal& p) {
            s.db.list_mailings(partner_scope(p), [respond](store::mailings_reply reply) {
                if (reply.failed) return respond(unavailable());
                json::array out;
                for (const auto& m : reply.mailings) out.push_back(summary_json(m));
                respond(json_response(200, json::object{{"mailings", std::move(out)}}));
            });
        });
    });
}

}  // namespace colloq::api
