#pragma once
// Cells a spreadsheet would run as formulas (OWASP « CSV injection »).
#include <string>
#include <string_view>

namespace colloq::exports {

// True when the cell starts with =, +, -, @, tab or carriage return.
bool looks_like_formula(std::string_view cell);

// The cell prefixed with ' when it looks like a formula, unchanged otherwise:
// the spreadsheet then shows the text instead of evaluating it.
std::string neutralise_formula(std::string_view cell);

// The inverse, for a file read back (an export imported): the cell without the apostrophe
// neutralise_formula put before a formula character, unchanged otherwise.
std::string_view restore_formula(std::string_view cell);

}  // namespace colloq::exports
