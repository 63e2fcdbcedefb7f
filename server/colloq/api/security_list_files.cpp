#include "colloq/api/security_list_files.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "colloq/crypto/secrets.hpp"
#include "colloq/domain/time.hpp"
#include "colloq/exports/csv.hpp"
#include "colloq/exports/export_row.hpp"
#include "colloq/exports/table_pdf.hpp"
#include "colloq/exports/xlsx.hpp"

namespace colloq::api {

namespace {

// One table: its column titles and its lines, whatever the format.
struct table {
    std::vector<std::string> titles;
    std::vector<double> weights;
    std::vector<std::vector<std::string>> lines;
};

double weight_of(const std::string& column) {
    if (column == "last_name" || column == "first_name") return 1.0;
    if (column == "organisation" || column == "email") return 1.5;
    return 1.2;
}

table list_table(const config::config& cfg, const std::vector<std::string>& columns,
                 std::vector<store::security_entry>&& entries) {
    table t;
    for (const auto& c : columns) {
        t.titles.push_back(security_column_title(cfg, c));
        t.weights.push_back(weight_of(c));
    }
    t.lines.reserve(entries.size());
    for (auto& e : entries) t.lines.push_back(std::move(e.values));
    entries.clear();
    return t;
}

// Additions, removals and corrections, each line saying which; a correction also says what
// was sent before for the values that changed.
table changes_table(const config::config& cfg, const std::vector<std::string>& columns,
                    const store::security_changes& changes) {
    table t;
    t.titles.push_back("Changement");
    t.weights.push_back(0.8);
    for (const auto& c : columns) {
        t.titles.push_back(security_column_title(cfg, c));
        t.weights.push_back(weight_of(c));
    }
    t.titles.push_back("Transmis auparavant");
    t.weights.push_back(1.5);
    auto line = [](const char* what, const std::vector<std::string>& values, std::string before) {
        std::vector<std::string> out{what};
        out.insert(out.end(), values.begin(), values.end());
        out.push_back(std::move(before));
        return out;
    };
    for (const auto& e : changes.added) t.lines.push_back(line("Ajout", e.values, ""));
    for (const auto& e : changes.removed) t.lines.push_back(line("Retrait", e.values, ""));
    for (const auto& [sent, now] : changes.changed) {
        std::string before;
        for (std::size_t i = 0; i < columns.size() && i < sent.values.size() && i < now.values.size(); ++i) {
            if (sent.values[i] == now.values[i]) continue;
            if (!before.empty()) before += " ; ";
            before += security_column_title(cfg, columns[i]) + "\u00A0: " + sent.values[i];
        }
        t.lines.push_back(line("Correction", now.values, before));
    }
    return t;
}

std::string count_text(std::size_t n) {
    return n == 1 ? std::string("1 personne") : std::to_string(n) + " personnes";
}

std::string csv_bytes(const table& t) {
    std::string out;
    // Room for the whole file at once: growing a string of megabytes copies it again and again.
    std::size_t line = 16;
    for (const auto& value : t.lines.empty() ? t.titles : t.lines.front()) line += value.size() + 3;
    out.reserve(line * (t.lines.size() + 1) * 5 / 4);
    {
        exports::csv_writer csv([&out](std::string_view bytes) { out.append(bytes); });
        csv.cells(t.titles);
        for (const auto& line : t.lines) csv.cells(line);
        csv.finish();
    }
    return out;
}

std::string xlsx_bytes(const table& t, const std::string& sheet_title, const std::string& work_dir) {
    std::filesystem::create_directories(work_dir);
    std::string path = work_dir + "/security-list-" + crypto::random_hex(8) + ".xlsx";
    struct remover {
        std::string path;
        ~remover() { std::filesystem::remove(path); }
    } cleanup{path};
    {
        exports::xlsx_writer xlsx(path, sheet_title, exports::xlsx_writer::plain_columns{t.titles});
        for (const auto& line : t.lines) xlsx.cells(line);
        xlsx.close();
    }
    std::ifstream in(path, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    return bytes.str();
}

std::string pdf_bytes(const table& t, exports::table_pdf_info info) {
    std::string out;
    exports::table_pdf_writer pdf([&out](std::string_view bytes) { out.append(bytes); }, std::move(info), t.titles,
                                  t.weights);
    for (const auto& line : t.lines) pdf.row(line);
    pdf.finish();
    return out;
}

}  // namespace

std::string security_column_title(const config::config& cfg, const std::string& column) {
    if (auto title = exports::field_title(column); !title.empty()) return std::string(title);
    const auto* q = cfg.find_question(column);
    return q ? q->label : column;
}

std::optional<list_file> security_list_file(list_format format, const config::config& cfg,
                                            store::security_list_reply list, bool changes,
                                            const std::string& work_dir) {
    if (changes && !list.latest) return std::nullopt;
    const auto& sl = *cfg.security_list;
    // The version sent, with the columns it was sent with; before any, the list as it stands.
    std::vector<std::string> columns = list.latest ? list.latest->columns : cfg.security_list_columns();
    table t = changes ? changes_table(cfg, columns, list.changes)
                      : list_table(cfg, columns, std::move(list.latest ? list.sent : list.current));

    std::string version = list.latest ? std::string("v").append(std::to_string(list.latest->version)) : "provisoire";
    const std::string now_text = domain::french_date_time(domain::in_offset_of(cfg.event.starts_at, domain::now()));
    exports::table_pdf_info info;
    info.title = (changes ? "Modifications de la liste nominative – " : "Liste nominative – ") + sl.recipient;
    info.heading.push_back(cfg.event.title);
    info.heading.push_back(domain::french_date_range(cfg.event.starts_at, cfg.event.ends_at) + " – " +
                           cfg.event.venue);
    if (!list.latest) {
        info.heading.push_back("Liste provisoire, non encore transmise : état au " +
                               now_text + " – " + count_text(t.lines.size()));
    } else if (!changes) {
        info.heading.push_back(std::string("Version ") + std::to_string(list.latest->version) + " arrêtée le " +
                               domain::french_date_time_in_offset_of(cfg.event.starts_at, list.latest->frozen_at) + " – " + count_text(t.lines.size()));
    } else {
        info.heading.push_back(std::string("Depuis la version ") + std::to_string(list.latest->version) + " du " +
                               domain::french_date_time_in_offset_of(cfg.event.starts_at, list.latest->frozen_at) + " : " +
                               std::to_string(list.changes.added.size()) + " ajout(s), " +
                               std::to_string(list.changes.removed.size()) + " retrait(s), " +
                               std::to_string(list.changes.changed.size()) + " correction(s) – état au " +
                               now_text);
    }
    info.heading.push_back("Organisateur : " + cfg.event.organiser + " – contact : " + cfg.event.contact_email);
    info.footer = info.title;

    std::string base = std::string(changes ? "liste-securite-modifications-" : "liste-securite-") + version;
    switch (format) {
        case list_format::csv: return list_file{csv_bytes(t), "text/csv; charset=utf-8", base + ".csv"};
        case list_format::xlsx:
            return list_file{xlsx_bytes(t, changes ? "Modifications" : "Liste nominative", work_dir),
                             "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", base + ".xlsx"};
        case list_format::pdf: return list_file{pdf_bytes(t, std::move(info)), "application/pdf", base + ".pdf"};
    }
    return std::nullopt;
}

}  // namespace colloq::api
