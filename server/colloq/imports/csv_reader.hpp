#pragma once
// Reads a CSV file as people save them: UTF-8 with or without a byte order mark, or
// Windows-1252 (what Excel saves) when the bytes are not UTF-8; `;` or `,` between fields,
// or the separator an Excel `sep=` first line names. Fields are parsed by libcsv.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace colloq::imports {

struct csv_row {
    int line = 0;  // as a spreadsheet numbers its rows: a quoted line break stays within its row
    std::vector<std::string> fields;
};

struct csv_table {
    std::string encoding;  // "UTF-8", "UTF-8 avec BOM" or "Windows-1252"
    char separator = ';';
    std::vector<csv_row> rows;  // rows whose fields are all empty are left out
    std::string error;          // French; when set, the file could not be read
};

inline constexpr std::size_t max_csv_rows = 5001;  // rows with content: a header and 5,000 people
inline constexpr std::size_t max_csv_fields = 100;

// Bytes of a CSV file as UTF-8 text: BOM removed, Windows-1252 converted. `encoding` tells which.
bool to_utf8(std::string_view bytes, std::string& text, std::string& encoding);

csv_table read_csv(std::string_view bytes);

}  // namespace colloq::imports
