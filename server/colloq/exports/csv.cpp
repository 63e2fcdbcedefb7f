#include "colloq/exports/csv.hpp"

#include <exception>
#include <stdexcept>
#include <string>
#include <utility>

#include "colloq/domain/text.hpp"
#include "colloq/exports/spreadsheet_safety.hpp"
#include "colloq/exports/utf8.hpp"

namespace colloq::exports {

csv_writer::csv_writer(byte_sink sink, char separator, bool byte_order_mark)
    : out_(std::move(sink)), separator_(separator), uncaught_at_start_(std::uncaught_exceptions()) {
    if (separator == '"' || separator == '\r' || separator == '\n')
        throw std::invalid_argument("a CSV separator cannot be a quote or a line break");
    if (byte_order_mark) out_.buffer() += "\xEF\xBB\xBF";
}

csv_writer::~csv_writer() {
    if (finished_ || std::uncaught_exceptions() > uncaught_at_start_) return;
    try {
        out_.flush();
    } catch (...) {
        // A destructor cannot report it; finish() is the call that does.
    }
}

void csv_writer::header(const std::vector<std::string>& question_titles) {
    if (finished_) throw std::logic_error("CSV header written after finish()");
    for (const std::string& title : export_headers(question_titles)) text_field(title);
    end_line();
}

void csv_writer::row(const export_row& r) {
    if (finished_) throw std::logic_error("CSV row written after finish()");
    plain_field(std::to_string(r.id));
    for (const std::string* text : {&r.last_name, &r.first_name, &r.email, &r.organisation, &r.role,
                                    &r.partner_name, &r.status, &r.created_at, &r.checked_in_at, &r.consent_at,
                                    &r.consent_version})
        text_field(*text);
    for (const std::string& answer : r.answers) text_field(answer);
    end_line();
}

void csv_writer::cells(const std::vector<std::string>& values) {
    if (finished_) throw std::logic_error("CSV line written after finish()");
    for (const std::string& value : values) text_field(value);
    end_line();
}

void csv_writer::finish() {
    out_.flush();
    finished_ = true;
}

void csv_writer::plain_field(std::string_view text) {
    std::string& buf = out_.buffer();
    if (line_started_) buf += separator_;
    line_started_ = true;
    buf += text;
}

// RFC 4180: a field with a separator, a quote or a line break goes in quotes,
// its quotes doubled. Both separators count, whichever this file uses: a
// spreadsheet that splits on the other one (French Excel on ';', most others on
// ',') still keeps a quoted field whole, so no cell of its own starts inside it.
// A cell that starts with =, +, -, @, tab or CR gets an apostrophe (OWASP): a
// spreadsheet opening a CSV would evaluate it.
void csv_writer::text_field(std::string_view raw) {
    // Most cells are UTF-8 already and start with no formula character: written without a copy.
    std::string cleaned;
    std::string_view text = raw;
    if (!domain::is_valid_utf8(raw) || looks_like_formula(raw)) {
        cleaned = neutralise_formula(valid_utf8(raw));
        text = cleaned;
    }
    std::string& buf = out_.buffer();
    if (line_started_) buf += separator_;
    line_started_ = true;
    const char specials[] = {separator_, ';', ',', '"', '\r', '\n'};
    if (text.find_first_of(std::string_view(specials, sizeof specials)) == std::string::npos) {
        buf += text;
        return;
    }
    buf += '"';
    for (char c : text) {
        if (c == '"') buf += '"';
        buf += c;
    }
    buf += '"';
}

void csv_writer::end_line() {
    out_.buffer() += "\r\n";
    line_started_ = false;
    out_.flush_if_full();
}

}  // namespace colloq::exports
