// The venue's security list for organisers: the list as it stands with what changed since the
// version sent, freezing a version, and its exports.
#include <boost/json.hpp>

#include "colloq/api/guard.hpp"
#include "colloq/api/json_io.hpp"
#include "colloq/api/security_list_files.hpp"
#include "colloq/api/services.hpp"
#include "colloq/domain/time.hpp"

namespace colloq::api {

namespace json = boost::json;

namespace {

response not_configured() {
    return json_error(404, "not_found", "Aucune liste d'accès n'est prévue pour ce colloque ([security_list]).");
}

json::object entry_json(const std::vector<std::string>& columns, const store::security_entry& e) {
    json::object o{{"registration_id", e.registration_id}};
    for (std::size_t i = 0; i < columns.size() && i < e.values.size(); ++i) o[columns[i]] = e.values[i];
    return o;
}

json::array entries_json(const std::vector<std::string>& columns, const std::vector<store::security_entry>& entries) {
    json::array out;
    out.reserve(entries.size());
    for (const auto& e : entries) out.push_back(entry_json(columns, e));
    return out;
}

json::object list_json(const config::config& cfg, const store::security_list_reply& r) {
    const auto& sl = *cfg.security_list;
    auto columns = cfg.security_list_columns();
    json::array column_list;
    for (const auto& c : columns) column_list.push_back(json::object{{"id", c}, {"title", security_column_title(cfg, c)}});
    json::object o;
    o["recipient"] = sl.recipient;
    o["due_at"] = domain::format_local(sl.due_at);
    o["due"] = domain::now() >= sl.due_at.utc;
    o["columns"] = std::move(column_list);
    o["count"] = r.current.size();
    o["entries"] = entries_json(columns, r.current);
    o["version"] = r.latest ? json::value(r.latest->version) : json::value(nullptr);
    o["frozen_at"] = r.latest ? json::value(r.latest->frozen_at) : json::value(nullptr);
    o["frozen_by"] = r.latest && !r.latest->frozen_by.empty() ? json::value(r.latest->frozen_by) : json::value(nullptr);
    o["frozen_count"] = r.latest ? json::value(r.latest->entries) : json::value(nullptr);
    json::array changed;
    for (const auto& [before, after] : r.changes.changed)
        changed.push_back(json::object{{"registration_id", after.registration_id},
                                       {"before", entry_json(columns, before)},
                                       {"after", entry_json(columns, after)}});
    o["changes"] = json::object{{"added", entries_json(columns, r.changes.added)},
                                {"removed", entries_json(columns, r.changes.removed)},
                                {"changed", std::move(changed)}};
    return o;
}

// The JSON of a list of thousands is built on the reader thread that read it.
void answer_list(services& s, responder respond) {
    s.db.security_list([&s, respond](store::security_list_reply r) {
        if (r.failed) return respond(unavailable());
        respond(json_response(200, list_json(s.cfg, r)));
    }, true);
}

void add_list_export(router& r, services& s, const char* path, list_format format) {
    r.add("GET", path, [&s, format](request& req, responder respond) {
        with_principal(s, req, respond, access::admin, [&s, &req, respond, format](const principal&) {
            if (!s.cfg.security_list) return respond(not_configured());
            bool changes = req.query_param("changes").value_or("") == "1";
            // Built on the reader thread that read the list: a PDF of thousands of pages must not
            // hold a connection's thread.
            s.db.security_list([&s, respond, format, changes](store::security_list_reply r) {
                if (r.failed) return respond(unavailable());
                std::optional<list_file> file;
                try {
                    file = security_list_file(format, s.cfg, std::move(r), changes, s.data_dir + "/exports");
                } catch (const std::exception&) {
                    return respond(unavailable());
                }
                if (!file)
                    return respond(json_error(409, "not_frozen",
                                              "La liste n'a pas encore été arrêtée : il n'y a pas encore de "
                                              "modifications à exporter."));
                response res;
                res.content_type = file->content_type;
                res.body = std::move(file->bytes);
                res.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + file->file_name + "\"");
                res.headers.emplace_back("Cache-Control", "no-store");
                respond(std::move(res));
            }, true);
        });
    });
}

}  // namespace

void add_security_list_routes(router& r, services& s) {
    r.add("GET", "/api/security-list", [&s](request& req, responder respond) {
        with_principal(s, req, respond, access::admin, [&s, respond](const principal&) {
            if (!s.cfg.security_list) return respond(not_configured());
            answer_list(s, respond);
        });
    });
    r.add("POST", "/api/security-list/freeze", [&s](request& req, responder respond) {
        with_principal(s, req, respond, access::admin, [&s, respond](const principal& p) {
            if (!s.cfg.security_list) return respond(not_configured());
            s.db.freeze_security_list(p.staff_id, "admin", [&s, respond](store::freeze_reply reply) {
                if (reply.failed || !reply.frozen) return respond(unavailable());
                answer_list(s, respond);
            });
        });
    });
    add_list_export(r, s, "/api/exports/security-list.csv", list_format::csv);
    add_list_export(r, s, "/api/exports/security-list.xlsx", list_format::xlsx);
    add_list_export(r, s, "/api/exports/security-list.pdf", list_format::pdf);
}

}  // namespace colloq::api
