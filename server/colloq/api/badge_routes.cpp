// The attendee's files: the badge's QR image, the printable badge, the calendar entry (for a
// confirmed registration) and the attendance certificate (after the event, for someone checked in); they are rendered off the connection threads,
// once per ticket (see badge_files.hpp).
#include "colloq/api/badge_files.hpp"
#include "colloq/api/json_io.hpp"
#include "colloq/api/registering.hpp"
#include "colloq/api/services.hpp"
#include "colloq/certificates/certificate.hpp"
#include "colloq/crypto/secrets.hpp"
#include "colloq/tickets/badge.hpp"

namespace colloq::api {

namespace {

enum class badge_file { png, pdf, ics, certificate };

// Two threads render; past 64 waiting, a download is refused rather than queued without end.
// The cache keeps the last 1,024 files and 32 MiB at most: a PDF is some 25 kB, an image or a
// calendar entry a few.
constexpr int render_threads = 2;
constexpr std::size_t max_waiting_renders = 64;
constexpr std::size_t max_cached_files = 1024;
constexpr std::size_t max_cached_bytes = 32u << 20;

response file_response(std::string content_type, std::string body, const std::string& download_name) {
    response r;
    r.content_type = std::move(content_type);
    r.body = std::move(body);
    r.headers.emplace_back("Cache-Control", "private, no-store");
    if (!download_name.empty())
        r.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + download_name + "\"");
    return r;
}


// The key names the registration first (its files are dropped together at its erasure: see
// badge_key_prefix), then the file and the ticket it carries: a correction gives the badge a new nonce.
// The calendar entry holds the manage link it was asked from: its hash is part of its key.
std::string cache_key(badge_file kind, const domain::registration& r, const std::string& token) {
    std::string owner = badge_key_prefix(r.id), nonce = r.ticket_nonce;
    switch (kind) {
        case badge_file::png: return owner + "png:" + nonce;
        case badge_file::pdf: return owner + "pdf:" + nonce;
        case badge_file::ics: return owner + "ics:" + nonce + ":" + crypto::hash_token(token);
        case badge_file::certificate: return owner + "certificate:" + nonce + ":" + r.checked_in_at.value_or("");
    }
    return "";
}

void serve_badge_file(services& s, badge_files& files, request& req, responder respond, badge_file kind) {
    std::string token = req.params[0];
    auto not_found = [kind] {
        if (kind == badge_file::certificate)
            return json_error(404, "not_found", "L'attestation de présence n'est disponible qu'après le colloque, "
                                                "pour une personne dont l'arrivée a été enregistrée à l'entrée.");
        return json_error(404, "not_found", "Le badge n'est disponible que pour une inscription confirmée.");
    };
    if (!plausible_token(token)) return respond(not_found());
    s.db.find_by_manage_token(token, [&s, &files, respond, token, kind, not_found](store::lookup_reply reply) {
        if (reply.failed) return respond(unavailable(2));
        bool available = reply.reg && (kind == badge_file::certificate
                                           ? certificates::certificate_available(s.cfg, *reply.reg, domain::now())
                                           : reply.reg->state == domain::status::confirmed);
        if (!available) return respond(not_found());
        auto render = [&s, r = *reply.reg, token, kind]() -> std::string {
            switch (kind) {
                case badge_file::png: return tickets::badge_png_for(tickets::ticket_text_for(s.cfg, r, s.key));
                case badge_file::pdf:
                    return tickets::badge_pdf_for(s.cfg, r, tickets::ticket_text_for(s.cfg, r, s.key));
                case badge_file::ics: return tickets::event_ics_for(s.cfg, r, manage_url(s.cfg, token));
                case badge_file::certificate: return certificates::certificate_pdf_for(s.cfg, r, s.key);
            }
            return "";
        };
        bool queued = files.get(cache_key(kind, *reply.reg, token), std::move(render),
                                [respond, kind](badge_files::file made) {
                                    if (!made) return respond(unavailable(2));
                                    switch (kind) {
                                        case badge_file::png: return respond(file_response("image/png", *made, ""));
                                        case badge_file::pdf:
                                            return respond(file_response("application/pdf", *made, "badge.pdf"));
                                        case badge_file::ics:
                                            return respond(file_response("text/calendar; charset=utf-8", *made,
                                                                         "colloque.ics"));
                                        case badge_file::certificate:
                                            return respond(file_response("application/pdf", *made,
                                                                         "attestation-de-presence.pdf"));
                                    }
                                });
        if (!queued) respond(unavailable(2));
    });
}

}  // namespace

std::string badge_key_prefix(long long registration_id) { return std::to_string(registration_id) + ":"; }

void add_badge_routes(router& r, services& s) {
    // Shared by the routes (so it lives as long as the router that runs them) and the erasure,
    // which drops an erased person's files.
    auto files = std::make_shared<badge_files>(render_threads, max_waiting_renders, max_cached_files, max_cached_bytes);
    s.badges = files;
    r.add("GET", "/m/{}/badge.png",
          [&s, files](request& req, responder respond) { serve_badge_file(s, *files, req, respond, badge_file::png); });
    r.add("GET", "/m/{}/badge.pdf",
          [&s, files](request& req, responder respond) { serve_badge_file(s, *files, req, respond, badge_file::pdf); });
    r.add("GET", "/m/{}/event.ics",
          [&s, files](request& req, responder respond) { serve_badge_file(s, *files, req, respond, badge_file::ics); });
    r.add("GET", "/m/{}/certificate.pdf", [&s, files](request& req, responder respond) {
        serve_badge_file(s, *files, req, respond, badge_file::certificate);
    });
}

}  // namespace colloq::api
