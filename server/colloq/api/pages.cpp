// The HTML pages: registration (with its no-JavaScript form), the attendee's own page,
// the privacy notice. Every value goes through the template's escaping.
#include <algorithm>

#include "colloq/api/compression.hpp"
#include "colloq/api/erasure.hpp"
#include "colloq/api/form_decoding.hpp"
#include "colloq/api/json_io.hpp"
#include "colloq/api/question_fields.hpp"
#include "colloq/api/registering.hpp"
#include "colloq/api/services.hpp"
#include "colloq/certificates/attestation_code.hpp"
#include "colloq/certificates/certificate.hpp"
#include "colloq/domain/text.hpp"
#include "colloq/domain/time.hpp"
#include "colloq/mail/late_list.hpp"

namespace colloq::api {

namespace {

using domain::html_escape;

const char* const form_fields[] = {"first_name", "last_name", "email", "organisation", "role", "partner", "consent"};

response html(int status, std::string body) {
    response r;
    r.status = status;
    r.content_type = "text/html; charset=utf-8";
    r.body = std::move(body);
    return r;
}

template_vars event_vars(const config::config& cfg) {
    return {{"event_title", cfg.event.title},
            {"event_organiser", cfg.event.organiser},
            {"event_venue", cfg.event.venue},
            {"event_date", domain::french_date_range(cfg.event.starts_at, cfg.event.ends_at)},
            {"contact_email", cfg.event.contact_email}};
}

// A public page is for search engines too, described by its event; any other (a private link,
// an attestation, an answer to a form) is kept out of their indexes, as /staff and /door are.
enum class audience { everyone, private_link };

std::string event_description(const config::config& cfg) {
    return "Inscription au colloque « " + cfg.event.title + " », " +
           domain::french_date_range(cfg.event.starts_at, cfg.event.ends_at) + ", " + cfg.event.venue +
           ". Organisé par " + cfg.event.organiser + ".";
}

response page(const services& s, int status, const std::string& title, const std::string& main,
              const std::string& scripts = {}, audience who = audience::private_link) {
    template_vars vars = event_vars(s.cfg);
    vars["page_title"] = title;
    vars["main"] = main;
    vars["scripts"] = scripts;
    vars["head_meta"] = who == audience::everyone
                            ? "<meta name=\"description\" content=\"" + html_escape(event_description(s.cfg)) + "\">"
                            : "<meta name=\"robots\" content=\"noindex\">";
    response r = html(status, s.pages.render("layout", vars));
    if (who == audience::private_link) r.headers.emplace_back("X-Robots-Tag", "noindex");
    return r;
}

response message_page(const services& s, int status, const std::string& heading, const std::string& body_html) {
    return page(s, status, heading + " – " + s.cfg.event.title,
                s.pages.render("message", {{"heading", heading}, {"body", body_html}}));
}

std::string seats_text(const services& s) {
    int remaining = s.db.tally()->seats.remaining();
    if (remaining == 0) return "Complet : les nouvelles inscriptions vont en liste d'attente";
    return std::to_string(remaining) + (remaining == 1 ? " place restante" : " places restantes");
}

// The registration page, with the values and the faults of a form that came back.
response register_page(const services& s, int status, const domain::applicant& values,
                       const std::vector<domain::field_error>& faults, const std::string& notice_html) {
    template_vars vars = event_vars(s.cfg);
    vars["seats_text"] = seats_text(s);
    std::string notice = notice_html;
    if (notice.empty() && !registration_open(s.cfg))
        notice = "<p class=\"notice\" role=\"status\">" + html_escape(closed_message(s.cfg)) + "</p>";
    vars["notice"] = notice;

    std::string options = "<option value=\"\">Aucune (inscription individuelle)</option>";
    for (const auto& p : s.cfg.partners) {
        bool selected = values.partner && *values.partner == p.slug;
        options += "<option value=\"" + html_escape(p.slug) + "\"" + (selected ? " selected" : "") + ">" +
                   html_escape(p.name) + "</option>";
    }
    vars["partner_options"] = options;
    vars["value_first_name"] = values.first_name;
    vars["value_last_name"] = values.last_name;
    vars["value_email"] = values.email;
    vars["value_organisation"] = values.organisation;
    vars["value_role"] = values.role;
    vars["consent_checked"] = values.consent ? "checked" : "";
    std::string error_items;  // the list of the summary above the form (register.html)
    for (const char* field : form_fields) {
        auto fault = std::find_if(faults.begin(), faults.end(), [&](const auto& f) { return f.field == field; });
        bool at_fault = fault != faults.end();
        vars[std::string("invalid_") + field] = at_fault ? "true" : "false";
        vars[std::string("error_") + field] =
            at_fault ? "<p class=\"field-error\" id=\"" + std::string(field) + "-error\">" +
                           html_escape(fault->message) + "</p>"
                     : "";
        if (at_fault)
            error_items += "<li><a href=\"#" + std::string(field) + "\">" + html_escape(fault->message) + "</a></li>";
    }
    auto questions = render_question_fields(s.cfg, values.answers, faults);
    vars["questions"] = questions.html;
    // The summary lists the faults in form order: the questions come before the consent.
    auto consent_item = error_items.find("<li><a href=\"#consent\">");
    error_items.insert(consent_item == std::string::npos ? error_items.size() : consent_item, questions.error_items);
    vars["error_items"] = error_items;
    vars["error_summary_hidden"] = faults.empty() ? " hidden" : "";
    std::string title = (faults.empty() ? "" : "Erreur – ") + std::string("Inscription – ") + s.cfg.event.title;
    return page(s, status, title, s.pages.render("register", vars),
                "<script src=\"/static/register.js\" defer></script>", audience::everyone);
}

std::string status_details(const services& s, const domain::registration& r) {
    switch (r.state) {
        case domain::status::confirmed:
            return "<p>Votre place est réservée. Présentez-vous au " + html_escape(s.cfg.event.venue) +
                   " avec une pièce d'identité : le Sénat contrôle l'identité à l'entrée, et le nom de votre "
                   "inscription doit correspondre à celui de la pièce. Prévoyez d'arriver en avance pour le "
                   "contrôle de sécurité.</p>";
        case domain::status::waitlisted:
            return "<p>Vous êtes en liste d'attente, en position " + std::to_string(r.waitlist_position) +
                   ". Si une place se libère, vous recevrez un e-mail avec votre badge. Vous n'avez rien à faire "
                   "d'ici là.</p>";
        case domain::status::pending:
            return "<p>Votre association partenaire doit valider votre inscription. Vous recevrez un e-mail dès "
                   "qu'elle l'aura fait.</p>";
        case domain::status::cancelled:
            return "<p>Votre inscription est annulée. Si vos projets changent, vous pouvez vous inscrire de "
                   "nouveau depuis <a href=\"/\">la page d'inscription</a>.</p>";
    }
    return "";
}

// A live registration the venue's security list was sent without: what that means, plainly.
std::string late_for_list(const services& s, const domain::registration& r) {
    const auto& marks = s.db.security_marks_of();
    if (r.state == domain::status::cancelled || !marks.sent_without(r.id)) return "";
    std::string when = domain::french_date_time_in_offset_of(s.cfg.event.starts_at, marks.frozen_at());
    return "<p class=\"notice late-list\"><strong>Votre nom n'est pas sur la liste déjà transmise.</strong> " +
           html_escape(mail::late_list_sentence(s.cfg.security_list->recipient, when,
                                                mail::registered_after_list(r.created_at, marks.frozen_at()))) +
           " L'organisateur transmettra un complément, mais l'entrée pourrait vous être "
           "refusée si votre nom n'a pas pu y être ajouté à temps. Arrivez en avance avec une pièce d'identité ; "
           "en cas de doute, écrivez à <a href=\"mailto:" + html_escape(s.cfg.event.contact_email) + "\">" +
           html_escape(s.cfg.event.contact_email) + "</a>.</p>";
}

std::string manage_actions(const std::string& token, const domain::registration& r, bool confirming) {
    if (r.state == domain::status::cancelled) return "";
    std::string base = "/m/" + html_escape(token);
    std::string badge;
    if (r.state == domain::status::confirmed)
        badge = "<section class=\"badge\" aria-labelledby=\"badge-title\"><h2 id=\"badge-title\">Votre badge</h2>"
                "<p>Présentez ce QR code à l'entrée, sur votre téléphone ou imprimé.</p>"
                "<p class=\"badge-qr\"><img src=\"" + base + "/badge.png\" alt=\"QR code de votre badge d'accès\" "
                "width=\"264\" height=\"264\"></p>"
                "<ul class=\"badge-links\"><li><a href=\"" + base + "/badge.pdf\">Télécharger le badge à imprimer (PDF)</a></li>"
                "<li><a href=\"" + base + "/event.ics\">Ajouter le colloque à mon agenda (.ics)</a></li></ul></section>";
    if (confirming)
        return badge + "<section class=\"confirm-cancel\" aria-labelledby=\"confirm-cancel-title\">"
               "<h2 id=\"confirm-cancel-title\">Confirmez-vous l'annulation ?</h2>"
               "<p>Votre place sera proposée à la personne suivante sur la liste d'attente. "
               "Cette action ne peut pas être défaite.</p>"
               "<form method=\"post\" action=\"" + base + "/cancel\">"
               "<button type=\"submit\" class=\"danger\">Oui, annuler mon inscription</button></form>"
               "<p><a href=\"" + base + "\">Non, garder mon inscription</a></p></section>";
    return badge + "<p><a class=\"button secondary\" href=\"" + base + "?annuler=1\">Annuler mon inscription</a></p>";
}

// After the event, for someone the door checked in: the attendance certificate.
std::string certificate_section(const services& s, const std::string& token, const domain::registration& r) {
    if (!certificates::certificate_available(s.cfg, r, domain::now())) return "";
    return "<section class=\"certificate\" aria-labelledby=\"certificate-title\"><h2 id=\"certificate-title\">"
           "Attestation de présence</h2><p>Merci de votre participation. Votre attestation de présence porte un code "
           "que votre employeur peut vérifier en ligne.</p><p><a class=\"button\" href=\"/m/" + html_escape(token) +
           "/certificate.pdf\">Télécharger mon attestation de présence (PDF)</a></p></section>";
}

// Whether the organisers' mailings reach the person: a plain form that stops them, posting where
// the mailings' List-Unsubscribe one-click link does. Transactional e-mails go in any case.
std::string mailings_section(const std::string& token, const domain::registration& r) {
    std::string out = "<section class=\"mailings-choice\" aria-labelledby=\"mailings-title\"><h2 id=\"mailings-title\">"
                      "Messages des organisateurs</h2>";
    const std::string still = "Les e-mails liés à votre inscription (badge, rappels, changements) vous parviennent ";
    if (r.mailings_opt_out)
        return out + "<p>Vous ne recevez plus les messages des organisateurs. " + still + "toujours.</p></section>";
    return out + "<p>Les organisateurs peuvent vous écrire au sujet du colloque. " + still + "dans tous les cas.</p>"
                 "<form method=\"post\" action=\"/m/" + html_escape(token) + "/unsubscribe\">"
                 "<button type=\"submit\" class=\"secondary\">Ne plus recevoir les messages des organisateurs</button>"
                 "</form></section>";
}

// The erasure's last e-mail goes by SMTP only: a spooled file would keep the erased address.
bool last_email_goes(const services& s) { return !s.cfg.mail.smtp_url.empty(); }

// The person's rights over their data: a download of everything kept, and erasure (asked to
// confirm first, a plain form that works without JavaScript).
std::string data_section(const services& s, const std::string& token, bool confirming_erase) {
    std::string base = "/m/" + html_escape(token);
    std::string out = "<section class=\"personal-data\" aria-labelledby=\"data-title\"><h2 id=\"data-title\">Vos données"
                      "</h2><p><a href=\"/api/manage/" + html_escape(token) + "/data\" download>Télécharger toutes les "
                      "données conservées sur vous (JSON)</a></p>";
    if (!confirming_erase)
        return out + "<p><a class=\"button secondary\" href=\"" + base + "?effacer=1\">Effacer mes données</a></p>"
                     "</section>";
    return out + "<div class=\"confirm-cancel\"><h3>Confirmez-vous l'effacement de vos données&nbsp;?</h3>"
                 "<p>Votre inscription sera annulée (votre place proposée à la personne suivante sur la liste "
                 "d'attente), puis votre nom, votre adresse e-mail, votre organisme, votre fonction et vos réponses "
                 "seront effacés." + std::string(last_email_goes(s) ? " Un dernier e-mail vous le confirmera." : "") +
                 " Ce lien ne fonctionnera plus. Cette action ne peut pas être défaite.</p><form method=\"post\" action=\"" + base + "/erase\">"
                 "<button type=\"submit\" class=\"danger\">Oui, effacer mes données</button></form>"
                 "<p><a href=\"" + base + "\">Non, garder mes données</a></p></div></section>";
}

response manage_page(const services& s, const std::string& token, const domain::registration& r, bool confirming,
                     bool confirming_erase = false) {
    template_vars vars = event_vars(s.cfg);
    vars["full_name"] = r.first_name + " " + r.last_name;
    vars["status"] = std::string(domain::to_string(r.state));
    vars["status_label"] = std::string(domain::french_label(r.state));
    vars["status_details"] = status_details(s, r) + late_for_list(s, r);
    vars["actions"] = certificate_section(s, token, r) + manage_actions(token, r, confirming) +
                      mailings_section(token, r) + data_section(s, token, confirming_erase);
    std::string answers = answers_html(s.cfg, r.answers);
    vars["answers"] = answers.empty() ? "" : "<section aria-labelledby=\"answers-heading\"><h2 id=\"answers-heading\">"
                                             "Vos réponses</h2>" + answers + "</section>";
    return page(s, 200, "Gérer mon inscription – " + s.cfg.event.title, s.pages.render("manage", vars));
}

response unknown_link_page(const services& s) {
    return message_page(s, 404, "Ce lien n'est pas valide",
                        "<p>Ce lien de gestion d'inscription n'existe pas ou n'est plus valide. Vérifiez que "
                        "vous avez copié l'adresse en entier depuis l'e-mail reçu, ou écrivez à <a href=\"mailto:" +
                            html_escape(s.cfg.event.contact_email) + "\">" + html_escape(s.cfg.event.contact_email) +
                            "</a>.</p>");
}

response unavailable_page(const services& s) {
    return message_page(s, 503, "Service momentanément indisponible",
                        "<p>Un incident technique empêche de traiter votre demande. Réessayez dans quelques "
                        "instants.</p>");
}

response see_other(const std::string& location) {
    response r;
    r.status = 303;
    r.content_type = "text/plain; charset=utf-8";
    r.headers.emplace_back("Location", location);
    return r;
}

}  // namespace

void add_page_routes(router& r, services& s) {
    r.add("GET", "/", [&s](request&, responder respond) {
        respond(register_page(s, 200, {}, {}, ""));
    });

    r.add("GET", "/p/{}", [&s](request& req, responder respond) {
        if (!s.cfg.find_partner(req.params[0]))
            return respond(message_page(s, 404, "Association inconnue",
                                        "<p>Ce lien ne correspond à aucune association partenaire. "
                                        "<a href=\"/\">Inscrivez-vous depuis la page d'inscription</a>.</p>"));
        domain::applicant values;
        values.partner = req.params[0];
        respond(register_page(s, 200, values, {}, ""));
    });

    r.add("POST", "/register", [&s](request& req, responder respond) {
        bool well_formed = true;
        domain::applicant a = applicant_from_form(req.body, well_formed);
        shape_form_answers(a.answers, s.cfg);
        if (!well_formed)
            return respond(message_page(s, 400, "Formulaire illisible",
                                        "<p>Le formulaire envoyé n'a pas pu être lu. <a href=\"/\">Revenez au "
                                        "formulaire</a> et réessayez.</p>"));
        domain::applicant shown = a;  // what the person typed, to fill the form again
        register_from_public(s, req.remote_address, std::move(a), [&s, respond, shown](registering_outcome out) {
            switch (out.result) {
                case registering_outcome::registered:
                    return respond(see_other(out.manage_url.substr(s.cfg.server.public_url.size())));
                case registering_outcome::invalid:
                    return respond(register_page(s, 422, shown, out.errors, ""));
                default: {
                    int status = http_status(out.result);
                    response answer = register_page(
                        s, status, shown, {},
                        "<p class=\"notice\" role=\"alert\">" + html_escape(out.message) + "</p>");
                    if (out.result == registering_outcome::rate_limited)
                        answer.headers.emplace_back("Retry-After", std::to_string(out.retry_after));
                    return respond(std::move(answer));
                }
            }
        });
    });

    r.add("GET", "/m/{}", [&s](request& req, responder respond) {
        std::string token = req.params[0];
        if (!plausible_token(token)) return respond(unknown_link_page(s));
        bool confirming = req.query_param("annuler").has_value();
        bool confirming_erase = req.query_param("effacer").has_value();
        s.db.find_by_manage_token(token, [&s, respond, token, confirming, confirming_erase](store::lookup_reply reply) {
            if (reply.failed) return respond(unavailable_page(s));
            if (!reply.reg) return respond(unknown_link_page(s));
            respond(manage_page(s, token, *reply.reg, confirming, confirming_erase));
        });
    });

    r.add("POST", "/m/{}/erase", [&s](request& req, responder respond) {
        std::string token = req.params[0];
        if (!plausible_token(token)) return respond(unknown_link_page(s));
        erase_by_token(s, token, [&s, respond](store::erase_reply reply) {
            if (reply.failed) return respond(unavailable_page(s));
            if (!reply.done) return respond(unknown_link_page(s));
            respond(see_other("/donnees-effacees"));
        });
    });

    r.add("GET", "/donnees-effacees", [&s](request&, responder respond) {
        respond(message_page(s, 200, "Vos données ont été effacées",
                             "<p>Votre inscription est annulée et vos données personnelles sont effacées." +
                                 std::string(last_email_goes(s) ? " Un dernier e-mail vous le confirme." : "") +
                                 " Le lien de gestion de votre inscription ne fonctionne plus.</p>"));
    });

    r.add("POST", "/m/{}/cancel", [&s](request& req, responder respond) {
        std::string token = req.params[0];
        if (!plausible_token(token)) return respond(unknown_link_page(s));
        s.db.cancel_by_manage_token(token, [&s, respond, token](store::cancel_reply reply) {
            if (reply.failed) return respond(unavailable_page(s));
            if (!reply.reg) return respond(unknown_link_page(s));
            respond(see_other("/m/" + token));
        });
    });

    // RFC 8058: a mail service posts « List-Unsubscribe=One-Click » here, without cookie or script;
    // the manage page's button posts here too. Both get the same answer.
    r.add("POST", "/m/{}/unsubscribe", [&s](request& req, responder respond) {
        std::string token = req.params[0];
        if (!plausible_token(token)) return respond(unknown_link_page(s));
        s.db.opt_out_of_mailings(token, [&s, respond, token](store::lookup_reply reply) {
            if (reply.failed) return respond(unavailable_page(s));
            if (!reply.reg) return respond(unknown_link_page(s));
            respond(message_page(s, 200, "Vous ne recevrez plus les messages des organisateurs",
                                 "<p>Les organisateurs ne vous enverront plus de messages. Les e-mails liés à votre "
                                 "inscription (badge, rappels, changements) vous parviennent toujours.</p>"
                                 "<p><a href=\"/m/" + html_escape(token) + "\">Revenir à mon inscription</a></p>"));
        });
    });

    // Anyone may check a certificate: it shows whom and what it attests, nothing more.
    r.add("GET", "/attestation/{}", [&s](request& req, responder respond) {
        auto not_genuine = [&s] {
            return message_page(s, 404, "Attestation introuvable",
                                "<p>Aucune attestation de présence ne correspond à ce code. Vérifiez qu'il a été "
                                "recopié en entier, tirets compris, ou écrivez à <a href=\"mailto:" +
                                    html_escape(s.cfg.event.contact_email) + "\">" +
                                    html_escape(s.cfg.event.contact_email) + "</a>.</p>");
        };
        auto id = certificates::check_attestation_code(s.key, s.cfg.event.slug, req.params[0]);
        if (!id || !s.cfg.after_event.certificate) return respond(not_genuine());
        std::string code = req.params[0];
        s.db.find_by_id(*id, [&s, respond, not_genuine, code](store::lookup_reply reply) {
            if (reply.failed) return respond(unavailable_page(s));
            if (!reply.reg || !certificates::certificate_available(s.cfg, *reply.reg, domain::now()))
                return respond(not_genuine());
            const auto& r = *reply.reg;
            std::string body =
                "<p class=\"notice\" role=\"status\"><strong>Attestation authentique.</strong> Elle a été délivrée "
                "par l'organisateur du colloque, " + html_escape(s.cfg.event.organiser) + ".</p>"
                "<dl class=\"attestation\"><dt>Participant</dt><dd>" + html_escape(r.first_name + " " + r.last_name) +
                "</dd><dt>Colloque</dt><dd>" + html_escape(s.cfg.event.title) + "</dd><dt>Date</dt><dd>" +
                html_escape(domain::french_date_range(s.cfg.event.starts_at, s.cfg.event.ends_at)) +
                "</dd><dt>Code</dt><dd>" + html_escape(code) + "</dd></dl>";
            respond(message_page(s, 200, "Attestation de présence vérifiée", body));
        });
    });

    r.add("GET", "/confidentialite", [&s](request&, responder respond) {
        respond(page(s, 200, "Protection des données – " + s.cfg.event.title, s.privacy_notice_html, {},
                     audience::everyone));
    });

    auto static_file = [&s](request& req, responder respond) {
        std::string name;
        for (const auto& p : req.params) name += (name.empty() ? "" : "/") + p;
        if (auto file = s.files.get(name, req.header("if-none-match"), static_files::caching::hour,
                                    accepts_gzip(req.header("accept-encoding"))))
            return respond(std::move(*file));
        respond(json_error(404, "not_found", "Ce fichier n'existe pas."));
    };
    r.add("GET", "/static/{}", static_file);
    r.add("GET", "/static/{}/{}", static_file);
    r.add("GET", "/static/{}/{}/{}", static_file);

    // The door and staff pages are static: they work from the API (and the door page offline).
    // The door's service worker lives at the root so that its scope covers /door.
    auto app_page = [&s](const char* file, static_files::caching policy = static_files::caching::revalidate) {
        return [&s, file, policy](request& req, responder respond) {
            auto page = s.files.get(file, req.header("if-none-match"), policy, accepts_gzip(req.header("accept-encoding")));
            if (!page) return respond(json_error(404, "not_found", "Cette page n'est pas installée."));
            respond(std::move(*page));
        };
    };
    r.add("GET", "/door", app_page("door.html"));
    r.add("GET", "/door-sw.js", app_page("door-sw.js"));
    r.add("GET", "/staff", app_page("staff.html"));
    // Browsers ask for it on every site, whatever the pages link.
    r.add("GET", "/favicon.ico", app_page("favicon.ico", static_files::caching::long_lived));

    r.set_not_found([&s](request& req, responder respond) {
        if (!req.segments.empty() && req.segments[0] == "api")
            return respond(json_error(404, "not_found", "Cette adresse n'existe pas."));
        respond(message_page(s, 404, "Page introuvable",
                             "<p>Cette page n'existe pas. <a href=\"/\">Aller à la page d'inscription</a>.</p>"));
    });
}

}  // namespace colloq::api
