#include "colloq/api/exporting.hpp"

#include <atomic>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>

#include "colloq/crypto/secrets.hpp"
#include "colloq/domain/answers.hpp"
#include "colloq/domain/time.hpp"
#include "colloq/exports/csv.hpp"
#include "colloq/exports/signin_sheet.hpp"
#include "colloq/exports/xlsx.hpp"
#include "colloq/store/registrations.hpp"

namespace colloq::api {

namespace {

std::string short_label(domain::status s) {
    switch (s) {
        case domain::status::confirmed: return "Confirmée";
        case domain::status::waitlisted: return "Liste d'attente";
        case domain::status::pending: return "En attente de validation";
        case domain::status::cancelled: return "Annulée";
    }
    return "";
}

// Stored times are UTC; staff read those of an export in the event's own offset, to the second.
std::string event_time(const config::config& cfg, const std::string& rfc3339) {
    auto at = domain::parse_rfc3339(rfc3339);
    return at ? domain::format_local(domain::in_offset_of(cfg.event.starts_at, at->utc)) : rfc3339;
}

// The question columns: the configured questions in order (titled by their labels), then the ids
// of answered questions no longer configured, whose answers are kept.
struct question_columns {
    std::vector<std::string> ids, titles;
    std::vector<bool> dates;  // a date question: its answers are date cells in the XLSX
};

question_columns columns_of(const config::config& cfg, const std::vector<std::string>& answered) {
    question_columns out;
    for (const auto& q : cfg.questions) {
        out.ids.push_back(q.id);
        out.titles.push_back(q.label);
        out.dates.push_back(q.type == config::question::kind::date);
    }
    for (const auto& id : answered)
        if (!cfg.find_question(id)) {
            out.ids.push_back(id);
            out.titles.push_back(id);
            out.dates.push_back(false);
        }
    return out;
}

exports::export_row row_of(const config::config& cfg, const question_columns& columns, const domain::registration& r) {
    exports::export_row row;
    row.id = r.id;
    row.last_name = r.last_name;
    row.first_name = r.first_name;
    row.email = r.email;
    row.organisation = r.organisation;
    row.role = r.role;
    if (r.partner)
        if (const auto* p = cfg.find_partner(*r.partner)) row.partner_name = p->name;
    row.status = short_label(r.state);
    row.created_at = event_time(cfg, r.created_at);
    if (r.checked_in_at) row.checked_in_at = event_time(cfg, *r.checked_in_at);
    if (!r.consent_at.empty()) row.consent_at = event_time(cfg, r.consent_at);
    row.consent_version = r.consent_version;
    for (const auto& id : columns.ids) row.answers.push_back(domain::answer_text(r.answers, id, cfg.find_question(id)));
    return row;
}

// The state one export carries from row to row, on the store thread.
struct export_job {
    std::function<bool(std::string_view)> sink;
    std::atomic<bool> gone{false};
    std::unique_ptr<exports::csv_writer> csv;
    std::unique_ptr<exports::xlsx_writer> xlsx;
    std::unique_ptr<exports::signin_sheet_writer> sheet;
    std::string xlsx_path;
    question_columns columns;  // none on the sign-in sheet

    exports::byte_sink bytes() {
        return [this](std::string_view b) {
            if (!gone && !sink(b)) gone = true;
        };
    }
};

// Sends the finished workbook in pieces, then removes it.
bool send_file(export_job& job) {
    std::ifstream in(job.xlsx_path, std::ios::binary);
    std::string piece(64 * 1024, '\0');
    bool ok = static_cast<bool>(in);
    while (ok && !job.gone && in) {
        in.read(piece.data(), static_cast<std::streamsize>(piece.size()));
        if (in.gcount() > 0) job.bytes()(std::string_view(piece.data(), static_cast<std::size_t>(in.gcount())));
    }
    std::error_code ignored;
    std::filesystem::remove(job.xlsx_path, ignored);
    return ok && !job.gone;
}

}  // namespace

std::string export_content_type(export_format format) {
    switch (format) {
        case export_format::csv: return "text/csv; charset=utf-8";
        case export_format::xlsx: return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
        case export_format::signin_sheet: return "application/pdf";
    }
    return "application/octet-stream";
}

std::string export_file_name(const config::config& cfg, export_format format) {
    switch (format) {
        case export_format::csv: return "inscriptions-" + cfg.event.slug + ".csv";
        case export_format::xlsx: return "inscriptions-" + cfg.event.slug + ".xlsx";
        case export_format::signin_sheet: return "emargement-" + cfg.event.slug + ".pdf";
    }
    return "export";
}

bool run_export(const config::config& cfg, store::store& db, export_request request,
                std::function<bool(std::string_view)> sink, std::function<void(bool ok)> done) {
    auto job = std::make_shared<export_job>();
    job->sink = std::move(sink);
    auto order = store::registration_order::arrival;
    try {
        switch (request.format) {
            case export_format::csv:
                job->csv = std::make_unique<exports::csv_writer>(job->bytes(), request.separator);
                break;
            case export_format::xlsx: {
                // The workbook is started with its header row, once the question columns are known.
                std::filesystem::create_directories(request.work_dir);
                job->xlsx_path = request.work_dir + "/export-" + crypto::random_hex(8) + ".xlsx";
                break;
            }
            case export_format::signin_sheet: {
                // The sheet lists the people expected at the door.
                request.filter.status = domain::status::confirmed;
                order = request.group_by_partner ? store::registration_order::partner_then_name
                                                 : store::registration_order::name;
                exports::sheet_info info{cfg.event.title, domain::french_date_range(cfg.event.starts_at, cfg.event.ends_at),
                                         cfg.event.venue, cfg.event.organiser, "Toutes les associations", {}};
                if (request.filter.partner) {
                    const auto* p = cfg.find_partner(*request.filter.partner);
                    info.group_label = p ? p->name : "Inscriptions individuelles";
                }
                for (const auto& id : request.sheet_questions) {
                    const auto* q = cfg.find_question(id);
                    job->columns.ids.push_back(id);
                    job->columns.titles.push_back(q ? q->label : id);
                }
                info.question_titles = job->columns.titles;
                job->sheet = std::make_unique<exports::signin_sheet_writer>(job->bytes(), info, request.group_by_partner);
                break;
            }
        }
    } catch (const std::exception& e) {
        std::cerr << "colloq: export could not start: " << e.what() << "\n";
        done(false);
        return true;
    }
    const bool lists_questions = request.format != export_format::signin_sheet;
    bool started = db.export_registrations(
        request.filter, order,
        [job, &cfg, lists_questions](const std::vector<std::string>& answered) {
            if (lists_questions) job->columns = columns_of(cfg, answered);
            if (job->csv) job->csv->header(job->columns.titles);
            if (!job->xlsx_path.empty())
                job->xlsx = std::make_unique<exports::xlsx_writer>(job->xlsx_path, "Inscriptions", job->columns.titles,
                                                                  job->columns.dates);
        },
        [job, &cfg](const domain::registration& r) {
            auto row = row_of(cfg, job->columns, r);
            if (job->csv) job->csv->row(row);
            if (job->xlsx) job->xlsx->row(row);
            if (job->sheet) job->sheet->row(row);
            return !job->gone.load();
        },
        [job, done = std::move(done)](bool ok) {
            try {
                ok = ok && !job->gone;
                if (ok && job->csv) job->csv->finish();
                if (ok && job->sheet) job->sheet->finish();
                if (!job->xlsx_path.empty()) {
                    if (ok && job->xlsx) job->xlsx->close();
                    ok = ok && job->xlsx && send_file(*job);
                    job->xlsx.reset();
                    std::error_code ignored;
                    std::filesystem::remove(job->xlsx_path, ignored);
                }
            } catch (const std::exception& e) {
                std::cerr << "colloq: export failed: " << e.what() << "\n";
                ok = false;
            }
            job->csv.reset();
            job->sheet.reset();
            done(ok && !job->gone);
        });
    return started;
}

}  // namespace colloq::api
