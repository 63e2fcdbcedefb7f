#pragma once
// The registrations list as an Excel workbook. libxlsxwriter cannot hand out
// bytes as it goes, so this writes a file (in constant-memory mode, one row at
// a time) that the caller then streams and deletes.
#include <memory>
#include <string>
#include <vector>

#include "colloq/exports/export_row.hpp"

struct lxw_workbook;
struct lxw_worksheet;
struct lxw_format;

namespace colloq::exports {

class xlsx_writer {
public:
    // Starts the workbook at `path`, with the header row written. Its
    // temporary files go beside `path`, where the caller has room for the
    // result (/tmp may be a small tmpfs). Throws std::runtime_error.
    // `date_questions[i]`: the answers of question column i are dates (YYYY-MM-DD), written as
    // date cells.
    xlsx_writer(const std::string& path, const std::string& sheet_title,
                const std::vector<std::string>& question_titles = {}, std::vector<bool> date_questions = {});
    // A sheet of other columns (the venue's security list), all text, filled with cells().
    struct plain_columns {
        std::vector<std::string> titles;
    };
    xlsx_writer(const std::string& path, const std::string& sheet_title, const plain_columns& columns);
    ~xlsx_writer();
    xlsx_writer(const xlsx_writer&) = delete;
    xlsx_writer& operator=(const xlsx_writer&) = delete;

    void row(const export_row& r);
    void cells(const std::vector<std::string>& values);
    // Completes the file; throws std::runtime_error when it cannot be written.
    void close();

private:
    struct workbook_closer {
        void operator()(lxw_workbook* w) const;
    };

    void start(const std::string& path, const std::string& sheet_title, const std::vector<std::string>& titles,
               const std::vector<double>& widths);
    void text_cell(int column, const std::string& text);
    void date_cell(int column, const std::string& rfc3339);
    void day_cell(int column, const std::string& yyyy_mm_dd);

    std::string tmpdir_;  // libxlsxwriter keeps the pointer
    std::unique_ptr<lxw_workbook, workbook_closer> workbook_;
    lxw_worksheet* sheet_ = nullptr;  // owned by the workbook
    lxw_format* bold_ = nullptr;
    lxw_format* date_ = nullptr;
    lxw_format* day_ = nullptr;
    std::vector<bool> date_questions_;
    unsigned row_ = 0;  // the next row to write; row 0 is the header
    int column_count_ = 0;
};

}  // namespace colloq::exports
