// The attendee's badge files: the QR image, the printable PDF and the calendar entry.
// They exist for a confirmed registration only; they are rendered on a store thread.
#include "colloq/api/json_io.hpp"
#include "colloq/api/registering.hpp"
#include "colloq/api/services.hpp"
#include "colloq/tickets/badge.hpp"

namespace colloq::api {

namespace {

enum class badge_file { png, pdf, ics };

response file_response(std::string content_type, std::string body, const std::string& download_name) {
    response r;
    r.content_type = std::move(content_type);
    r.body = std::move(body);
    r.headers.emplace_back("Cache-Control", "private, no-store");
    if (!download_name.empty())
        r.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + download_name + "\"");
    return r;
}

void serve_badge_file(services& s, request& req, responder respond, badge_file kind) {
    std::string token = req.params[0];
    auto not_found = [] {
        return json_error(404, "not_found", "Le badge n'est disponible que pour une inscription confirmée.");
    };
    if (!plausible_token(token)) return respond(not_found());
    s.db.find_by_manage_token(token, [&s, respond, token, kind, not_found](store::lookup_reply reply) {
        if (reply.failed)
            return respond(json_error(503, "unavailable", "Le service est momentanément indisponible."));
        if (!reply.reg || reply.reg->state != domain::status::confirmed) return respond(not_found());
        const auto& r = *reply.reg;
        switch (kind) {
            case badge_file::png:
                return respond(file_response("image/png", tickets::badge_png_for(tickets::ticket_text_for(s.cfg, r, s.key)), ""));
            case badge_file::pdf:
                return respond(file_response("application/pdf",
                                             tickets::badge_pdf_for(s.cfg, r, tickets::ticket_text_for(s.cfg, r, s.key)),
                                             "badge.pdf"));
            case badge_file::ics:
                return respond(file_response("text/calendar; charset=utf-8",
                                             tickets::event_ics_for(s.cfg, r, manage_url(s.cfg, token)), "colloque.ics"));
        }
    });
}

}  // namespace

void add_badge_routes(router& r, services& s) {
    r.add("GET", "/m/{}/badge.png", [&s](request& req, responder respond) { serve_badge_file(s, req, respond, badge_file::png); });
    r.add("GET", "/m/{}/badge.pdf", [&s](request& req, responder respond) { serve_badge_file(s, req, respond, badge_file::pdf); });
    r.add("GET", "/m/{}/event.ics", [&s](request& req, responder respond) { serve_badge_file(s, req, respond, badge_file::ics); });
}

}  // namespace colloq::api
