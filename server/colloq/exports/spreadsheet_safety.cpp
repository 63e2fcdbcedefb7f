#include "colloq/exports/spreadsheet_safety.hpp"

namespace colloq::exports {

bool looks_like_formula(std::string_view cell) {
    if (cell.empty()) return false;
    switch (cell.front()) {
        case '=': case '+': case '-': case '@': case '\t': case '\r': return true;
        default: return false;
    }
}

std::string neutralise_formula(std::string_view cell) {
    std::string out;
    out.reserve(cell.size() + 1);
    if (looks_like_formula(cell)) out += '\'';
    out += cell;
    return out;
}

std::string_view restore_formula(std::string_view cell) {
    if (cell.size() >= 2 && cell.front() == '\'' && looks_like_formula(cell.substr(1))) cell.remove_prefix(1);
    return cell;
}

}  // namespace colloq::exports
