#pragma once
// The sign-in sheet (« liste d'émargement »): an A4 PDF with one line per
// person and an empty column to sign, written page by page to a sink.
#include <memory>
#include <string>
#include <vector>

#include "colloq/exports/chunked_sink.hpp"
#include "colloq/exports/export_row.hpp"

namespace colloq::exports {

struct sheet_info {
    std::string event_title;
    std::string event_date;  // already in French: « jeudi 10 octobre 2024, 9 h 00 – 13 h 00 »
    std::string venue;
    std::string organiser;
    std::string group_label;  // « Toutes les associations », or a partner's name
    // Answers asked for on the sheet, one column each before the signature (at most
    // max_sheet_questions), titled by these labels; each row's answers in this order.
    std::vector<std::string> question_titles;
};

inline constexpr std::size_t max_sheet_questions = 3;

class signin_sheet_writer {
public:
    // Rows must come in the order they are printed: by last name, or by
    // partner and then last name when grouped (a heading starts each partner).
    // Throws std::runtime_error when cairo cannot start.
    signin_sheet_writer(byte_sink sink, sheet_info info, bool group_by_partner = false);
    // Without finish(), the sink gets no more bytes: the document stays incomplete.
    ~signin_sheet_writer();
    signin_sheet_writer(const signin_sheet_writer&) = delete;
    signin_sheet_writer& operator=(const signin_sheet_writer&) = delete;

    // Both throw what the sink throws; the document is then unusable.
    void row(const export_row& r);
    // Ends the last page (with the total) and writes the end of the PDF.
    void finish();

private:
    class impl;
    std::unique_ptr<impl> impl_;
};

}  // namespace colloq::exports
