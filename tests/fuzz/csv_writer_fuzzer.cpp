// The CSV export: rows of arbitrary text written, then read back with a small RFC 4180 reader.
// Every field must come back as written (once made valid UTF-8 and, for what a spreadsheet
// would evaluate, neutralised), in its own cell, whatever separator, quote or line break it holds.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include <fuzzer/FuzzedDataProvider.h>

#include "colloq/exports/csv.hpp"
#include "colloq/exports/spreadsheet_safety.hpp"
#include "colloq/exports/utf8.hpp"

namespace {

using namespace colloq::exports;

// RFC 4180, lines ended by CRLF; a quoted field may hold anything.
std::vector<std::vector<std::string>> read_csv(std::string_view in, char sep) {
    std::vector<std::vector<std::string>> rows(1, std::vector<std::string>(1));
    std::size_t i = 0;
    bool at_field_start = true;
    while (i < in.size()) {
        char c = in[i];
        if (at_field_start && c == '"') {
            ++i;
            for (;;) {
                if (i >= in.size()) std::abort();  // an unterminated quote
                if (in[i] == '"') {
                    if (i + 1 < in.size() && in[i + 1] == '"') {
                        rows.back().back() += '"';
                        i += 2;
                        continue;
                    }
                    ++i;
                    break;
                }
                rows.back().back() += in[i++];
            }
            at_field_start = false;
            if (i < in.size() && in[i] != sep && in[i] != '\r') std::abort();  // text after the closing quote
            continue;
        }
        if (c == sep) {
            rows.back().emplace_back();
            at_field_start = true;
        } else if (c == '\r') {
            if (i + 1 >= in.size() || in[i + 1] != '\n') std::abort();
            ++i;
            rows.emplace_back(1);
            at_field_start = true;
        } else if (c == '\n' || c == '"') {
            std::abort();  // a bare line feed or quote outside quotes
        } else {
            rows.back().back() += c;
            at_field_start = false;
        }
        ++i;
    }
    if (rows.back().size() == 1 && rows.back()[0].empty()) rows.pop_back();  // after the last CRLF
    return rows;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    FuzzedDataProvider in(data, size);
    char sep = in.ConsumeBool() ? ';' : ',';
    std::vector<export_row> rows;
    while (in.remaining_bytes() > 0 && rows.size() < 8) {
        export_row r;
        r.id = in.ConsumeIntegral<long long>();
        for (std::string* f : {&r.last_name, &r.first_name, &r.email, &r.organisation, &r.role, &r.partner_name,
                               &r.status, &r.created_at, &r.checked_in_at, &r.consent_at, &r.consent_version})
            *f = in.ConsumeRandomLengthString(64);
        rows.push_back(std::move(r));
    }
    std::string out;
    {
        csv_writer w([&](std::string_view bytes) { out += bytes; }, sep, true);
        w.header();
        for (const auto& r : rows) w.row(r);
        w.finish();
    }
    if (out.rfind("\xEF\xBB\xBF", 0) != 0) std::abort();
    auto back = read_csv(std::string_view(out).substr(3), sep);
    if (back.size() != rows.size() + 1) std::abort();
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const auto& r = rows[i];
        const auto& cells = back[i + 1];
        if (cells.size() != 12 || cells[0] != std::to_string(r.id)) std::abort();
        std::size_t column = 1;
        for (const std::string* f : {&r.last_name, &r.first_name, &r.email, &r.organisation, &r.role,
                                     &r.partner_name, &r.status, &r.created_at, &r.checked_in_at, &r.consent_at,
                                     &r.consent_version})
            if (cells[column++] != neutralise_formula(valid_utf8(*f))) std::abort();
    }
    return 0;
}
