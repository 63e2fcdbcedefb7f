#include "colloq/exports/utf8.hpp"

#include "colloq/domain/text.hpp"

namespace colloq::exports {

namespace {

constexpr std::string_view replacement = "\xEF\xBF\xBD";

// Length announced by a lead byte; 1 for a byte that cannot start a sequence.
std::size_t announced_length(unsigned char lead) {
    if ((lead & 0xE0) == 0xC0) return 2;
    if ((lead & 0xF0) == 0xE0) return 3;
    if ((lead & 0xF8) == 0xF0) return 4;
    return 1;
}

}  // namespace

std::string valid_utf8(std::string_view text) {
    if (domain::is_valid_utf8(text)) return std::string(text);
    std::string out;
    out.reserve(text.size() + 8);
    for (std::size_t i = 0; i < text.size();) {
        std::size_t len = announced_length(static_cast<unsigned char>(text[i]));
        std::string_view piece = text.substr(i, len);
        if (piece.size() == len && domain::is_valid_utf8(piece)) {
            out += piece;
            i += len;
        } else {
            out += replacement;
            ++i;
        }
    }
    return out;
}

}  // namespace colloq::exports
