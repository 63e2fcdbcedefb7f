// The exports, streamed as they are written: CSV, XLSX and the sign-in sheet.
#include <algorithm>

#include "colloq/api/body_stream.hpp"
#include "colloq/api/export_slots.hpp"
#include "colloq/api/exporting.hpp"
#include "colloq/api/filters.hpp"
#include "colloq/api/json_io.hpp"
#include "colloq/exports/signin_sheet.hpp"

namespace colloq::api {

namespace {

// An account runs at most this many exports at once; every export holds a thread and a
// database connection until its client has read it (or write_timeout cuts the client off).
constexpr int exports_per_account = 2;

response too_many_exports() {
    response r = json_error(429, "rate_limited",
                            "Deux exports sont déjà en cours pour ce compte. Réessayez quand l'un d'eux sera terminé.");
    r.headers.emplace_back("Retry-After", "10");
    return r;
}

response exports_busy() {
    response r = json_error(503, "unavailable", "Trop d'exports sont en cours. Réessayez dans un instant.");
    r.headers.emplace_back("Retry-After", "10");
    return r;
}

// ?questions=id,id: the answers the sign-in sheet lists, a column each (only when asked).
std::optional<response> read_sheet_questions(const request& req, const config::config& cfg,
                                             std::vector<std::string>& out) {
    std::string asked = req.query_param("questions").value_or("");
    std::size_t start = 0;
    while (start < asked.size()) {
        auto end = asked.find(',', start);
        if (end == std::string::npos) end = asked.size();
        std::string id = asked.substr(start, end - start);
        start = end + 1;
        if (id.empty()) continue;
        if (!cfg.find_question(id))
            return json_error(422, "invalid", std::string("Question inconnue : « ").append(id).append(" »."),
                              "questions");
        if (std::find(out.begin(), out.end(), id) == out.end()) out.push_back(id);
    }
    if (out.size() > exports::max_sheet_questions)
        return json_error(422, "invalid",
                          std::string("La liste d'émargement montre au plus ")
                              .append(std::to_string(exports::max_sheet_questions))
                              .append(" questions."),
                          "questions");
    return std::nullopt;
}

void add_export(router& r, services& s, std::shared_ptr<export_slots> slots, const char* path,
                export_format format) {
    r.add("GET", path, [&s, slots, format](request& req, responder respond) {
        with_principal(s, req, respond, access::staff, [&s, &req, slots, respond, format](const principal& p) {
            export_request job;
            job.format = format;
            job.work_dir = s.data_dir + "/exports";
            if (auto error = read_filter(req, s.cfg, job.filter)) return respond(std::move(*error));
            if (auto sep = req.query_param("sep"); sep && !sep->empty()) {
                if (*sep != "," && *sep != ";")
                    return respond(json_error(422, "invalid", "Le séparateur doit être « ; » ou « , ».", "sep"));
                job.separator = (*sep)[0];
            }
            job.group_by_partner = req.query_param("group").value_or("") == "partner";
            if (auto error = read_sheet_questions(req, s.cfg, job.sheet_questions)) return respond(std::move(*error));
            limit_to_scope(p, job.filter);
            auto slot = slots->take(p.staff_id);
            if (!slot) return respond(too_many_exports());
            auto body = std::make_shared<body_stream>();
            // The slot is given back when the export's thread drops `done`, once it has ended.
            bool started = run_export(s.cfg, s.db, std::move(job),
                                      [body](std::string_view bytes) { return body->push(std::string(bytes)); },
                                      [body, slot](bool ok) { body->finish(ok); });
            if (!started) return respond(exports_busy());
            response res;
            res.content_type = export_content_type(format);
            res.headers.emplace_back("Content-Disposition",
                                     "attachment; filename=\"" + export_file_name(s.cfg, format) + "\"");
            res.stream = body;
            respond(std::move(res));
        });
    });
}

}  // namespace

void add_export_routes(router& r, services& s) {
    auto slots = std::make_shared<export_slots>(exports_per_account);
    add_export(r, s, slots, "/api/exports/registrations.csv", export_format::csv);
    add_export(r, s, slots, "/api/exports/registrations.xlsx", export_format::xlsx);
    add_export(r, s, slots, "/api/exports/signin-sheet.pdf", export_format::signin_sheet);
}

}  // namespace colloq::api
