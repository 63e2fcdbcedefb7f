#pragma once
// A nominative list as an A4 PDF table (the venue's security list and its changes): a heading
// block on every page, numbered lines, the total at the end, written page by page to a sink.
#include <memory>
#include <string>
#include <vector>

#include "colloq/exports/chunked_sink.hpp"

namespace colloq::exports {

struct table_pdf_info {
    std::string title;                 // « Liste nominative – Service de la sécurité du Sénat »
    std::vector<std::string> heading;  // lines under the title: event, date, venue, version…
    std::string footer;                // at the foot of every page, beside its number
};

class table_pdf_writer {
public:
    // Columns share the page's width in proportion to `weights`. Throws std::runtime_error when
    // cairo cannot start.
    table_pdf_writer(byte_sink sink, table_pdf_info info, std::vector<std::string> titles, std::vector<double> weights);
    ~table_pdf_writer();
    table_pdf_writer(const table_pdf_writer&) = delete;
    table_pdf_writer& operator=(const table_pdf_writer&) = delete;

    void row(const std::vector<std::string>& cells);
    void finish();

private:
    class impl;
    std::unique_ptr<impl> impl_;
};

}  // namespace colloq::exports
