// POST /api/imports/registrations: invitees from a CSV file, checked line by line, then
// registered all at once or not at all.
#include <boost/json.hpp>

#include "colloq/api/guard.hpp"
#include "colloq/api/json_io.hpp"
#include "colloq/api/large_body_places.hpp"
#include "colloq/api/registering.hpp"
#include "colloq/api/staff_budget_answer.hpp"
#include "colloq/api/services.hpp"
#include "colloq/imports/invitees.hpp"
#include "colloq/support/job_threads.hpp"

namespace colloq::api {

namespace json = boost::json;

namespace {

bool yes(const std::optional<std::string>& value) { return value && (*value == "1" || *value == "true"); }
bool no(const std::optional<std::string>& value) { return value && (*value == "0" || *value == "false"); }

json::object file_facts(const imports::invitee_file& f) {
    json::array notices;
    for (const auto& n : f.notices) notices.push_back(json::object{{"line", n.line}, {"message", n.message}});
    return {{"encoding", f.encoding}, {"separator", std::string(1, f.separator)}, {"notices", std::move(notices)}};
}

response faulty(const imports::invitee_file& f) {
    json::array errors;
    for (const auto& fault : f.faults)
        errors.push_back(json::object{{"line", fault.line}, {"field", fault.field}, {"column", fault.column},
                                      {"message", fault.message}});
    std::size_t n = f.faults.size();
    json::object o = file_facts(f);
    o["error"] = "invalid";
    o["message"] = n == 1 ? std::string("Le fichier comporte une erreur : rien n'a été importé. Corrigez-la puis "
                                        "envoyez-le de nouveau.")
                          : std::string("Le fichier comporte ").append(std::to_string(n)).append(
                                " erreurs : rien n'a été importé. Corrigez-les puis envoyez-le de nouveau.");
    if (!f.faults.empty() && !f.faults.front().field.empty()) o["field"] = f.faults.front().field;
    o["errors"] = std::move(errors);
    return json_response(422, o);
}

response imported(const imports::invitee_file& f, const store::import_reply& reply, bool dry_run) {
    json::array lines;
    int created = 0, already = 0;
    for (std::size_t i = 0; i < reply.lines.size() && i < f.invitees.size(); ++i) {
        const auto& done = reply.lines[i];
        const auto& who = f.invitees[i];
        json::object line{{"line", who.line}, {"email", who.applicant.email},
                          {"result", done.already_registered ? "already_registered" : "created"}};
        if (done.already_registered) {
            // One message whoever holds the address; the id only of a registration the importer may see.
            line["message"] = "Cette adresse e-mail est déjà inscrite : la ligne est laissée de côté.";
            if (done.id) line["id"] = done.id;
        } else {
            line["last_name"] = who.applicant.last_name;
            line["first_name"] = who.applicant.first_name;
            if (done.id) line["id"] = done.id;
            if (!dry_run) line["status"] = domain::to_string(done.state);
        }
        (done.already_registered ? already : created) += 1;
        lines.push_back(std::move(line));
    }
    json::object o = file_facts(f);
    o["dry_run"] = dry_run;
    o["created"] = created;
    o["already_registered"] = already;
    o["errors"] = json::array{};
    o["lines"] = std::move(lines);
    return json_response(200, o);
}

}  // namespace

void add_import_routes(router& r, services& s) {
    // Reading and checking up to 5,000 lines takes tens of milliseconds: on a thread of its own,
    // not a connection's; a few files may wait, more are refused.
    auto checkers = std::make_shared<support::job_threads>(1, 4, "colloq-import");
    // Files past [server] body_limit: the sender's credential is checked before the body is read.
    auto places = std::make_shared<large_body_places>();
    r.set_large_body_gate([&s, places](request& req, std::function<void(body_admission)> done) {
        places->admit(s, req, std::move(done));
    });
    r.add("POST", "/api/imports/registrations", [&s, checkers](request& req, responder respond) {
        with_principal(s, req, respond, access::staff, [&s, &req, checkers, respond](const principal& by) {
            std::optional<std::string> partner;
            if (auto asked = req.query_param("partner"); asked && !asked->empty() && *asked != "public") {
                if (!s.cfg.find_partner(*asked))
                    return respond(json_error(422, "invalid", "Association partenaire inconnue.", "partner"));
                partner = *asked;
            }
            auto own = partner_scope(by);
            if (own && partner && partner != own)
                return respond(json_error(403, "forbidden",
                                          "Vous ne pouvez importer que des personnes de votre association."));
            if (own) partner = own;
            // A partner's invitees register within the window, as everyone; an organiser's need not.
            if (own && !registration_open(s.cfg))
                return respond(json_error(403, "registration_closed", closed_message(s.cfg)));
            bool dry_run = yes(req.query_param("dry_run"));
            bool send_email = !no(req.query_param("send_email"));

            store::store::registration_options made{by.staff_id, send_email, false};
            bool queued = checkers->submit([&s, body = std::move(req.body), partner, own, made, dry_run, respond] {
                auto file = std::make_shared<imports::invitee_file>(imports::read_invitees(body, s.cfg, partner, own));
                if (!file->faults.empty()) return respond(faulty(*file));
                std::vector<domain::applicant> invitees;
                invitees.reserve(file->invitees.size());
                for (const auto& i : file->invitees) invitees.push_back(i.applicant);
                s.db.import_registrations(std::move(invitees), made, dry_run, own,
                                          [respond, file, dry_run](store::import_reply reply) {
                    if (reply.budget.refused) return respond(over_budget(reply.budget));
                    if (reply.failed)
                        return respond(json_error(503, "unavailable",
                                                  "L'import n'a pas pu être enregistré à cause d'un incident technique ; "
                                                  "rien n'a été importé. Réessayez dans un instant."));
                    respond(imported(*file, reply, dry_run));
                });
            });
            if (!queued)
                respond(json_error(503, "unavailable", "D'autres imports sont en cours : réessayez dans un instant."));
        });
    });
}

}  // namespace colloq::api
