#include "colloq/exports/xlsx.hpp"

#include <chrono>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string_view>
#include <vector>

#include <xlsxwriter.h>

#include "colloq/domain/time.hpp"
#include "colloq/exports/utf8.hpp"

namespace colloq::exports {

namespace {

constexpr int fixed_columns = 12;
constexpr int first_date_column = 8;  // created_at, checked_in_at, consent_at
// Characters, as Excel measures column widths, for the columns of export_headers(); then the questions'.
constexpr double column_widths[fixed_columns] = {8, 22, 18, 32, 40, 28, 24, 28, 22, 22, 22, 20};
constexpr double question_width = 32;
// Excel dates carry no time zone: a cell holds the time as written in its text (the
// export's rows are in the event's offset), shown the French way.
constexpr const char* date_format = "dd/mm/yyyy hh:mm";
constexpr const char* day_format = "dd/mm/yyyy";  // a date answer: a day, no time
constexpr const char* fallback_title = "Inscriptions";

void check(lxw_error error, const char* what) {
    if (error != LXW_NO_ERROR) throw std::runtime_error(std::string(what) + ": " + lxw_strerror(error));
}

// Excel refuses sheet names longer than 31 characters, with []:*?/\ in them,
// or starting or ending with an apostrophe.
std::string sheet_name(const std::string& title) {
    std::string clean;
    std::size_t characters = 0;
    for (char c : valid_utf8(title)) {
        const bool continuation = (static_cast<unsigned char>(c) & 0xC0) == 0x80;
        if (!continuation && ++characters > 31) break;
        if (std::string_view("[]:*?/\\").find(c) != std::string_view::npos ||
            static_cast<unsigned char>(c) < 0x20)
            c = ' ';
        clean += c;
    }
    while (!clean.empty() && (clean.front() == '\'' || clean.front() == ' ')) clean.erase(0, 1);
    while (!clean.empty() && (clean.back() == '\'' || clean.back() == ' ')) clean.pop_back();
    return clean.empty() ? fallback_title : clean;
}

}  // namespace

void xlsx_writer::workbook_closer::operator()(lxw_workbook* w) const {
    // Reached without close() only when the export failed: the caller throws
    // the file away, this frees the workbook and its temporary files.
    workbook_close(w);
}

xlsx_writer::xlsx_writer(const std::string& path, const std::string& sheet_title,
                         const std::vector<std::string>& question_titles, std::vector<bool> date_questions)
    : date_questions_(std::move(date_questions)) {
    const std::vector<std::string> titles = export_headers(question_titles);
    std::vector<double> widths;
    for (std::size_t c = 0; c < titles.size(); ++c)
        widths.push_back(c < fixed_columns ? column_widths[c] : question_width);
    start(path, sheet_title, titles, widths);
}

xlsx_writer::xlsx_writer(const std::string& path, const std::string& sheet_title, const plain_columns& columns) {
    start(path, sheet_title, columns.titles, std::vector<double>(columns.titles.size(), question_width));
}

void xlsx_writer::start(const std::string& path, const std::string& sheet_title, const std::vector<std::string>& titles,
                        const std::vector<double>& widths) {
    std::filesystem::path parent = std::filesystem::path(path).parent_path();
    tmpdir_ = parent.empty() ? std::string(".") : parent.string();
    lxw_workbook_options options{};
    options.constant_memory = LXW_TRUE;
    options.tmpdir = tmpdir_.data();
    workbook_.reset(workbook_new_opt(path.c_str(), &options));
    if (!workbook_) throw std::runtime_error("cannot start the workbook " + path);

    sheet_ = workbook_add_worksheet(workbook_.get(), sheet_name(sheet_title).c_str());
    bold_ = workbook_add_format(workbook_.get());
    date_ = workbook_add_format(workbook_.get());
    day_ = workbook_add_format(workbook_.get());
    if (!sheet_ || !bold_ || !date_ || !day_) throw std::runtime_error("cannot prepare the worksheet");
    format_set_bold(bold_);
    format_set_num_format(date_, date_format);
    format_set_num_format(day_, day_format);

    // Constant-memory mode writes each row once it is left: everything that
    // is not a cell is set before the first one.
    column_count_ = static_cast<int>(titles.size());
    for (int c = 0; c < column_count_; ++c) check(worksheet_set_column(sheet_, c, c, widths[c], nullptr), "column width");
    worksheet_freeze_panes(sheet_, 1, 0);

    for (int c = 0; c < column_count_; ++c)
        check(worksheet_write_string(sheet_, 0, c, valid_utf8(titles[c]).c_str(), bold_), "header cell");
    row_ = 1;
}

xlsx_writer::~xlsx_writer() = default;

void xlsx_writer::row(const export_row& r) {
    if (!workbook_) throw std::logic_error("XLSX row written after close()");
    if (row_ >= LXW_ROW_MAX) throw std::runtime_error("more registrations than an Excel sheet holds");
    check(worksheet_write_number(sheet_, row_, 0, static_cast<double>(r.id), nullptr), "number cell");
    const std::string* texts[] = {&r.last_name, &r.first_name, &r.email,       &r.organisation,
                                  &r.role,      &r.partner_name, &r.status};
    int column = 1;
    for (const std::string* text : texts) text_cell(column++, *text);
    date_cell(first_date_column, r.created_at);
    date_cell(first_date_column + 1, r.checked_in_at);
    date_cell(first_date_column + 2, r.consent_at);
    text_cell(first_date_column + 3, r.consent_version);
    column = fixed_columns;
    for (std::size_t q = 0; q < r.answers.size(); ++q, ++column) {
        if (q < date_questions_.size() && date_questions_[q]) day_cell(column, r.answers[q]);
        else text_cell(column, r.answers[q]);
    }
    ++row_;
}

void xlsx_writer::cells(const std::vector<std::string>& values) {
    if (!workbook_) throw std::logic_error("XLSX row written after close()");
    if (row_ >= LXW_ROW_MAX) throw std::runtime_error("more lines than an Excel sheet holds");
    for (std::size_t c = 0; c < values.size(); ++c) text_cell(static_cast<int>(c), values[c]);
    ++row_;
}

void xlsx_writer::close() {
    if (!workbook_) return;
    // The filter's range is only known now; it is written with the sheet's
    // closing part, after the rows.
    check(worksheet_autofilter(sheet_, 0, 0, row_ - 1, column_count_ - 1), "autofilter");
    lxw_error error = workbook_close(workbook_.release());
    check(error, "cannot write the workbook");
}

// worksheet_write_string stores a string cell, which no spreadsheet evaluates:
// `=SUM(1+1)` stays text, so the cell holds exactly what was registered.
void xlsx_writer::text_cell(int column, const std::string& text) {
    if (text.empty()) return;
    const std::string clean = valid_utf8(text);
    check(worksheet_write_string(sheet_, row_, column, clean.c_str(), nullptr), "text cell");
}

void xlsx_writer::date_cell(int column, const std::string& rfc3339) {
    if (rfc3339.empty()) return;
    std::optional<domain::instant> when = domain::parse_rfc3339(rfc3339);
    if (!when) {
        text_cell(column, rfc3339);  // shown as given rather than lost
        return;
    }
    using namespace std::chrono;
    const auto wall_clock = when->utc + minutes(when->offset_minutes);
    const auto day = floor<days>(wall_clock);
    const year_month_day date(day);
    const hh_mm_ss<milliseconds> time(wall_clock - day);
    lxw_datetime value{int(date.year()),
                       int(unsigned(date.month())),
                       int(unsigned(date.day())),
                       int(time.hours().count()),
                       int(time.minutes().count()),
                       double(time.seconds().count()) + double(time.subseconds().count()) / 1000};
    check(worksheet_write_datetime(sheet_, row_, column, &value, date_), "date cell");
}

void xlsx_writer::day_cell(int column, const std::string& yyyy_mm_dd) {
    if (yyyy_mm_dd.empty()) return;
    std::optional<domain::instant> day = domain::parse_rfc3339(yyyy_mm_dd + "T00:00:00Z");
    if (yyyy_mm_dd.size() != 10 || !day) {
        text_cell(column, yyyy_mm_dd);  // an answer kept from before the question was a date
        return;
    }
    const std::chrono::year_month_day date(std::chrono::floor<std::chrono::days>(day->utc));
    lxw_datetime value{int(date.year()), int(unsigned(date.month())), int(unsigned(date.day())), 0, 0, 0};
    check(worksheet_write_datetime(sheet_, row_, column, &value, day_), "date cell");
}

}  // namespace colloq::exports
