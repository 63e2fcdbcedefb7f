// A person's rights over their data, from their private link: everything kept about them as a
// JSON download, and erasure; and an organiser's erasure for someone who asks by e-mail.
#include <boost/json.hpp>

#include "colloq/api/badge_files.hpp"
#include "colloq/api/erasure.hpp"
#include "colloq/api/guard.hpp"
#include "colloq/api/json_io.hpp"
#include "colloq/api/registering.hpp"
#include "colloq/api/views.hpp"
#include "colloq/mail/spool.hpp"

namespace colloq::api {

namespace json = boost::json;

namespace {

response unknown_link() {
    return json_error(404, "not_found", "Ce lien de gestion n'existe pas ou n'est plus valide.");
}

// The reply comes on the connection's thread: the spooled files are deleted on the
// checkpointer's, once the log is truncated, never where requests wait.
std::function<void(store::erase_reply)> forgetting_traces(services& s, std::function<void(store::erase_reply)> done) {
    return [&s, done = std::move(done)](store::erase_reply reply) {
        // What was rendered with the person's name (badge, certificate) is not served again.
        if (reply.done && s.badges) s.badges->cache().forget_prefix(badge_key_prefix(reply.done->id));
        if (reply.done)
            s.db.forget_old_pages([dir = s.data_dir + "/mail", mail = reply.done->forgotten_mail](bool) {
                mail::forget_spooled(dir, mail);
            });
        done(std::move(reply));
    };
}

json::value text_or_null(const std::string& text) { return text.empty() ? json::value(nullptr) : json::value(text); }

json::object record_json(services& s, const store::person_record& p) {
    json::object registration = registration_json(p.reg, s.db.security_marks_of());
    registration["checked_in_door"] = text_or_null(p.checked_in_door);
    json::array emails, scans, actions;
    for (const auto& e : p.emails)
        emails.push_back(json::object{{"kind", e.kind},
                                      {"queued_at", e.queued_at},
                                      {"sent_at", text_or_null(e.sent_at)},
                                      {"state", !e.sent_at.empty() ? "sent" : e.refused ? "refused" : "waiting"}});
    for (const auto& scan : p.scans)
        scans.push_back(json::object{{"at", scan.at}, {"door", scan.door}, {"result", scan.result}});
    for (const auto& a : p.actions) actions.push_back(json::object{{"at", a.at}, {"action", a.action}});
    return json::object{
        {"event", json::object{{"slug", s.cfg.event.slug}, {"title", s.cfg.event.title}}},
        {"controller", s.cfg.privacy.controller},
        {"registration", std::move(registration)},
        {"consent", json::object{{"given_at", text_or_null(p.reg.consent_at)},
                                 {"notice_version", text_or_null(p.reg.consent_version)}}},
        {"emails", std::move(emails)},
        {"door_scans", std::move(scans)},
        {"staff_actions", std::move(actions)},
    };
}

}  // namespace

void erase_by_token(services& s, std::string token, std::function<void(store::erase_reply)> done) {
    s.db.erase_by_manage_token(std::move(token), forgetting_traces(s, std::move(done)));
}

void erase_by_id(services& s, long long id, long long staff_id, std::function<void(store::erase_reply)> done) {
    s.db.erase_by_id(id, staff_id, forgetting_traces(s, std::move(done)));
}

void add_privacy_routes(router& r, services& s) {
    r.add("GET", "/api/manage/{}/data", [&s](request& req, responder respond) {
        if (!plausible_token(req.params[0])) return respond(unknown_link());
        s.db.person_record_by_token(req.params[0], [&s, respond](store::person_reply reply) {
            if (reply.failed) return respond(unavailable());
            if (!reply.record) return respond(unknown_link());
            response answer = json_response(200, record_json(s, *reply.record));
            answer.headers.emplace_back("Content-Disposition", "attachment; filename=\"mes-donnees.json\"");
            answer.headers.emplace_back("Cache-Control", "private, no-store");
            respond(std::move(answer));
        });
    });

    r.add("POST", "/api/manage/{}/erase", [&s](request& req, responder respond) {
        if (!plausible_token(req.params[0])) return respond(unknown_link());
        erase_by_token(s, req.params[0], [respond](store::erase_reply reply) {
            if (reply.failed) return respond(unavailable());
            if (!reply.done) return respond(unknown_link());
            respond(json_response(200, json::object{{"status", "erased"}}));
        });
    });

    r.add("POST", "/api/registrations/{}/erase", [&s](request& req, responder respond) {
        auto id = parse_registration_id(req.params[0]);
        with_principal(s, req, respond, access::admin, [&s, respond, id](const principal& p) {
            if (!id) return respond(json_error(404, "not_found", "Cette inscription n'existe pas."));
            erase_by_id(s, *id, p.staff_id, [respond, id](store::erase_reply reply) {
                if (reply.failed) return respond(unavailable());
                if (!reply.done)
                    return respond(json_error(404, "not_found", "Cette inscription n'existe pas ou a déjà été effacée."));
                respond(json_response(200, json::object{{"id", *id}, {"status", "erased"}}));
            });
        });
    });
}

}  // namespace colloq::api
