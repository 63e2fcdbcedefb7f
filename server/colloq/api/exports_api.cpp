// The exports, streamed as they are written: CSV, XLSX and the sign-in sheet.
#include "colloq/api/body_stream.hpp"
#include "colloq/api/exporting.hpp"
#include "colloq/api/filters.hpp"
#include "colloq/api/json_io.hpp"

namespace colloq::api {

namespace {

void add_export(router& r, services& s, const char* path, export_format format) {
    r.add("GET", path, [&s, format](request& req, responder respond) {
        with_principal(s, req, respond, access::staff, [&s, &req, respond, format](const principal& p) {
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
            limit_to_scope(p, job.filter);
            auto body = std::make_shared<body_stream>();
            response res;
            res.content_type = export_content_type(job.format);
            res.headers.emplace_back("Content-Disposition",
                                     "attachment; filename=\"" + export_file_name(s.cfg, job.format) + "\"");
            res.stream = body;
            respond(std::move(res));
            run_export(s.cfg, s.db, std::move(job),
                       [body](std::string_view bytes) { return body->push(std::string(bytes)); },
                       [body](bool ok) { body->finish(ok); });
        });
    });
}

}  // namespace

void add_export_routes(router& r, services& s) {
    add_export(r, s, "/api/exports/registrations.csv", export_format::csv);
    add_export(r, s, "/api/exports/registrations.xlsx", export_format::xlsx);
    add_export(r, s, "/api/exports/signin-sheet.pdf", export_format::signin_sheet);
}

}  // namespace colloq::api
