#include "colloq/config/toml_text.hpp"

namespace colloq::config {

namespace {

enum class place { bare, comment, basic, literal, multiline_basic, multiline_literal };

bool starts_with(std::string_view text, std::size_t at, std::string_view what) {
    return text.substr(at, what.size()) == what;
}

}  // namespace

std::optional<std::size_t> non_ascii_outside_strings(std::string_view text) {
    place where = place::bare;
    std::size_t line = 1;
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == '\n') {
            ++line;
            // A comment or a single-line string ends with its line (an unclosed one is toml++'s to report).
            if (where == place::comment || where == place::basic || where == place::literal) where = place::bare;
            continue;
        }
        switch (where) {
            case place::bare:
                if (static_cast<unsigned char>(c) >= 0x80) return line;
                if (c == '#') where = place::comment;
                else if (starts_with(text, i, "\"\"\"")) where = place::multiline_basic, i += 2;
                else if (starts_with(text, i, "'''")) where = place::multiline_literal, i += 2;
                else if (c == '"') where = place::basic;
                else if (c == '\'') where = place::literal;
                break;
            case place::comment:
                break;
            case place::basic:
            case place::multiline_basic:
                if (c == '\\' && i + 1 < text.size() && text[i + 1] != '\n') ++i;
                else if (where == place::basic && c == '"') where = place::bare;
                else if (where == place::multiline_basic && starts_with(text, i, "\"\"\"")) {
                    i += 2;
                    // Up to two more quotes belong to the string: """a"""" is «a"».
                    while (i + 1 < text.size() && text[i + 1] == '"') ++i;
                    where = place::bare;
                }
                break;
            case place::literal:
                if (c == '\'') where = place::bare;
                break;
            case place::multiline_literal:
                if (starts_with(text, i, "'''")) {
                    i += 2;
                    while (i + 1 < text.size() && text[i + 1] == '\'') ++i;
                    where = place::bare;
                }
                break;
        }
    }
    return std::nullopt;
}

}  // namespace colloq::config
