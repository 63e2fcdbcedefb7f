#pragma once
// The registrations list as CSV, written row by row to a sink: UTF-8, with a
// byte order mark and ';' by default so that French Excel opens it as it is.
#include <string_view>

#include "colloq/exports/chunked_sink.hpp"
#include "colloq/exports/export_row.hpp"

namespace colloq::exports {

class csv_writer {
public:
    // separator: ';' for French spreadsheets, ',' for the others; it may not
    // be a quote, CR or LF (std::invalid_argument).
    explicit csv_writer(byte_sink sink, char separator = ';', bool byte_order_mark = true);
    // Sends what is still buffered, unless an exception is unwinding: a failed
    // export must not end with a tail that makes it look complete.
    ~csv_writer();
    csv_writer(const csv_writer&) = delete;
    csv_writer& operator=(const csv_writer&) = delete;

    void header(const std::vector<std::string>& question_titles = {});
    void row(const export_row& r);
    // A line of other columns (the venue's security list): text fields, neutralised like the others.
    void cells(const std::vector<std::string>& values);
    // Sends the rest; afterwards the sink has received the whole file.
    void finish();

private:
    void text_field(std::string_view text);
    void plain_field(std::string_view text);  // known to need neither quotes nor neutralising
    void end_line();

    chunked_sink out_;
    char separator_;
    bool line_started_ = false;
    bool finished_ = false;
    int uncaught_at_start_;
};

}  // namespace colloq::exports
