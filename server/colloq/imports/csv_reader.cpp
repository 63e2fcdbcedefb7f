#include "colloq/imports/csv_reader.hpp"

#include <cctype>
#include <memory>

#include <csv.h>
#include <iconv.h>

#include "colloq/domain/text.hpp"
#include "colloq/exports/spreadsheet_safety.hpp"

namespace colloq::imports {

namespace {

constexpr std::string_view utf8_bom = "\xEF\xBB\xBF";

bool windows_1252_to_utf8(std::string_view bytes, std::string& out) {
    iconv_t cd = iconv_open("UTF-8", "WINDOWS-1252");
    if (cd == reinterpret_cast<iconv_t>(-1)) return false;
    std::unique_ptr<void, int (*)(iconv_t)> closer(cd, iconv_close);
    out.assign(bytes.size() * 3, '\0');  // at most three UTF-8 bytes per Windows-1252 byte
    char* in = const_cast<char*>(bytes.data());
    std::size_t in_left = bytes.size();
    char* to = out.data();
    std::size_t out_left = out.size();
    // Fails on the five bytes Windows-1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D).
    if (iconv(cd, &in, &in_left, &to, &out_left) == static_cast<std::size_t>(-1)) return false;
    out.resize(out.size() - out_left);
    return true;
}

// The separator: the one an Excel "sep=" first line names (that line then skipped), else the
// more frequent of ';' and ',' in the first line, outside quotes (';' when neither is there).
// Only an ASCII punctuation character may separate: splitting on a byte of a UTF-8 sequence
// would cut characters in two.
char find_separator(std::string_view& text) {
    if (text.size() >= 5 && domain::to_lower_ascii(text.substr(0, 4)) == "sep=") {
        char named = text[4];
        std::string_view rest = text.substr(5);
        bool alone = rest.empty() || rest.front() == '\n' || rest.substr(0, 2) == "\r\n";
        if (alone && std::ispunct(static_cast<unsigned char>(named)) && named != '"') {
            auto end = text.find('\n');
            text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
            return named;
        }
    }
    std::size_t semicolons = 0, commas = 0;
    bool quoted = false;
    for (char c : text) {
        if (c == '"') quoted = !quoted;
        if (quoted) continue;
        if (c == '\n' || c == '\r') break;
        if (c == ';') ++semicolons;
        if (c == ',') ++commas;
    }
    return commas > semicolons ? ',' : ';';
}

// libcsv calls these with each field and at each unquoted line end (every CR and LF is
// reported, so that blank rows keep the numbering; a CR LF pair ends one row).
struct collector {
    csv_table& table;
    csv_row row;
    int line = 1;
    int last_end = 0;  // the character that ended the previous row, if nothing came since
    bool too_many = false;

    void field(const char* data, std::size_t size) {
        last_end = 0;
        if (row.fields.size() >= max_csv_fields) {
            too_many = true;
            return;
        }
        // An export protects cells that start like formulas with an apostrophe: read back, the
        // cell is what was registered.
        row.fields.emplace_back(exports::restore_formula(data ? std::string_view(data, size) : std::string_view()));
    }
    void end_of_row(int terminator) {
        if (terminator == '\n' && last_end == '\r' && row.fields.empty()) {
            last_end = 0;
            return;
        }
        last_end = terminator;
        bool blank = true;
        for (const auto& f : row.fields)
            if (!domain::trim(f).empty()) blank = false;
        if (!blank) {
            row.line = line;
            if (table.rows.size() < max_csv_rows + 1) table.rows.push_back(std::move(row));
        }
        row = csv_row{};
        ++line;
    }
};

void on_field(void* data, std::size_t size, void* self) {
    static_cast<collector*>(self)->field(static_cast<const char*>(data), size);
}

void on_row(int terminator, void* self) { static_cast<collector*>(self)->end_of_row(terminator); }

}  // namespace

bool to_utf8(std::string_view bytes, std::string& text, std::string& encoding) {
    if (bytes.substr(0, utf8_bom.size()) == utf8_bom) {
        bytes.remove_prefix(utf8_bom.size());
        encoding = "UTF-8 avec BOM";
        if (!domain::is_valid_utf8(bytes)) return false;
        text.assign(bytes);
        return true;
    }
    if (domain::is_valid_utf8(bytes)) {
        encoding = "UTF-8";
        text.assign(bytes);
        return true;
    }
    encoding = "Windows-1252";
    return windows_1252_to_utf8(bytes, text);
}

csv_table read_csv(std::string_view bytes) {
    csv_table table;
    std::string text;
    if (!to_utf8(bytes, text, table.encoding)) {
        table.error = "Le fichier n'est ni en UTF-8 ni en Windows-1252 : enregistrez-le au format « CSV UTF-8 » "
                      "depuis votre tableur, puis réessayez.";
        return table;
    }
    std::string_view rest = text;
    table.separator = find_separator(rest);

    csv_parser parser;
    if (csv_init(&parser, CSV_REPALL_NL | CSV_APPEND_NULL) != 0) {
        table.error = "Le fichier n'a pas pu être lu.";
        return table;
    }
    std::unique_ptr<csv_parser, void (*)(csv_parser*)> freer(&parser, csv_free);
    csv_set_delim(&parser, static_cast<unsigned char>(table.separator));
    collector c{table, {}};
    bool parsed = csv_parse(&parser, rest.data(), rest.size(), on_field, on_row, &c) == rest.size() &&
                  csv_fini(&parser, on_field, on_row, &c) == 0;
    if (!parsed) {
        table.error = "Le fichier n'a pas pu être lu comme un fichier CSV.";
    } else if (c.too_many) {
        table.error = "Une ligne du fichier compte plus de " + std::to_string(max_csv_fields) + " colonnes.";
    } else if (table.rows.size() > max_csv_rows) {
        table.error = "Le fichier compte plus de " + std::to_string(max_csv_rows - 1) +
                      " personnes : importez-le en plusieurs fois.";
    }
    return table;
}

}  // namespace colloq::imports
