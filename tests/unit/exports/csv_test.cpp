#include <gtest/gtest.h>

#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "colloq/exports/csv.hpp"
#include "support.hpp"

namespace colloq::exports {
namespace {

namespace json = boost::json;
using testing::run;
using testing::temp_dir;
using testing::write_file;

const std::vector<std::string> french_titles{"N°",       "Nom",                    "Prénom", "E-mail",
                                             "Collectivité ou organisme", "Fonction",
                                             "Association partenaire", "Statut", "Inscrit le",
                                             "Entrée à", "Consentement le", "Version de la notice"};

export_row sample_row() {
    export_row r;
    r.id = 42;
    r.last_name = "Lefèvre-Dupont";
    r.first_name = "Éloïse";
    r.email = "eloise@example.org";
    r.organisation = "Mairie de Saint-Denis; service \"numérique\"";
    r.role = "=1+1";
    r.partner_name = "Dircab";
    r.status = "Inscription confirmée";
    r.created_at = "2024-09-12T09:42:13+02:00";
    return r;
}

std::string write_csv(const std::vector<export_row>& rows, char separator = ';', bool bom = true) {
    std::string out;
    csv_writer csv([&](std::string_view bytes) { out += bytes; }, separator, bom);
    csv.header();
    for (const export_row& r : rows) csv.row(r);
    csv.finish();
    return out;
}

// The file as Python's csv module reads it: a list of rows of strings.
std::vector<std::vector<std::string>> read_with_python(const std::string& csv_bytes, char separator, bool bom) {
    temp_dir dir;
    const std::string data = dir.file("export.csv"), script = dir.file("read.py");
    write_file(data, csv_bytes);
    write_file(script,
               "import csv, io, json, sys\n"
               "raw = open(sys.argv[1], 'rb').read()\n"
               "if sys.argv[3] == 'bom':\n"
               "    raw = raw[3:]\n"
               "text = raw.decode('utf-8', errors='strict')\n"
               "rows = list(csv.reader(io.StringIO(text, newline=''), delimiter=sys.argv[2], strict=True))\n"
               "sys.stdout.write(json.dumps(rows))\n");
    testing::command_output result = run(std::string(testing::python) + " '" + script + "' '" + data + "' '" +
                                         std::string(1, separator) + "' " + (bom ? "bom" : "none"));
    if (result.status != 0) throw std::runtime_error("python could not read the CSV");
    std::vector<std::vector<std::string>> rows;
    const json::value parsed = json::parse(result.out);
    for (const json::value& row : parsed.as_array()) {
        rows.emplace_back();
        for (const json::value& cell : row.as_array()) rows.back().emplace_back(cell.as_string());
    }
    return rows;
}

TEST(exports_csv, writes_bom_french_titles_crlf_and_quotes) {
    export_row r = sample_row();
    const std::string out = write_csv({r});
    const std::string expected =
        "\xEF\xBB\xBF"
        "N°;Nom;Prénom;E-mail;Collectivité ou organisme;Fonction;Association partenaire;Statut;Inscrit le;Entrée à;"
        "Consentement le;Version de la notice\r\n"
        "42;Lefèvre-Dupont;Éloïse;eloise@example.org;\"Mairie de Saint-Denis; service \"\"numérique\"\"\";'=1+1;"
        "Dircab;Inscription confirmée;2024-09-12T09:42:13+02:00;;;\r\n";
    EXPECT_EQ(out, expected);
}

TEST(exports_csv, comma_separator_without_bom_quotes_commas_and_semicolons) {
    export_row r = sample_row();
    r.organisation = "Ville de Lyon, DSI; pôle data";
    const std::string out = write_csv({r}, ',', false);
    ASSERT_GE(out.size(), 3u);
    EXPECT_NE(out.substr(0, 3), "\xEF\xBB\xBF");
    EXPECT_EQ(out.substr(0, 8), "N°,Nom,");
    EXPECT_NE(out.find(",\"Ville de Lyon, DSI; pôle data\","), std::string::npos) << out;
}

// A field holding either separator is quoted whatever the file's separator, so a
// spreadsheet told to split on both keeps it whole; formula-like cells keep their apostrophe.
TEST(exports_csv, quotes_a_field_holding_the_other_separator) {
    struct expectation {
        char separator;
        std::string organisation, written;
    };
    const std::vector<expectation> cases{
        {',', "Mairie;=1+1", "\"Mairie;=1+1\""},
        {',', "Mairie,=1+1", "\"Mairie,=1+1\""},
        {';', "Mairie;=1+1", "\"Mairie;=1+1\""},
        {';', "Mairie,=1+1", "\"Mairie,=1+1\""},
        {',', "=1+1;2", "\"'=1+1;2\""},
        {';', "-2,5", "\"'-2,5\""},
        {',', "Le \"Centre\"", "\"Le \"\"Centre\"\"\""},
        {';', "a\r\nb", "\"a\r\nb\""},
        {',', "Mairie de Lyon", "Mairie de Lyon"},
        {';', "+33 1 23 45 67 89", "'+33 1 23 45 67 89"},
        {',', "@Arobase", "'@Arobase"},
        {';', "\t=1", "'\t=1"},
    };
    for (const expectation& c : cases) {
        export_row r = sample_row();
        r.organisation = c.organisation;
        r.role = "Maire";
        const std::string out = write_csv({r}, c.separator, false);
        const std::string sep(1, c.separator);
        EXPECT_NE(out.find(sep + c.written + sep + "Maire" + sep), std::string::npos)
            << "separator " << c.separator << ", " << c.organisation << ":\n" << out;
        const auto read = read_with_python(out, c.separator, false);
        ASSERT_EQ(read.size(), 2u);
        const std::string expected =
            std::string("=+-@\t\r").find(c.organisation[0]) == std::string::npos ? c.organisation : "'" + c.organisation;
        EXPECT_EQ(read[1].at(4), expected);
        EXPECT_EQ(read[1].at(5), "Maire");
    }
}

TEST(exports_csv, quotes_line_breaks_and_neutralises_dates_too) {
    export_row r = sample_row();
    r.organisation = "ligne 1\nligne 2\rligne 3";
    r.created_at = "-1";
    r.checked_in_at = "@now";
    const std::string out = write_csv({r});
    EXPECT_NE(out.find(";\"ligne 1\nligne 2\rligne 3\";"), std::string::npos) << out;
    EXPECT_NE(out.find(";'-1;'@now;;\r\n"), std::string::npos) << out;
}

TEST(exports_csv, replaces_bytes_that_are_not_utf8) {
    export_row r = sample_row();
    r.last_name = "Lef\xE8vre";
    const std::string out = write_csv({r});
    EXPECT_NE(out.find(";Lef\uFFFDvre;"), std::string::npos);
}

TEST(exports_csv, refuses_a_separator_that_cannot_be_quoted) {
    auto sink = [](std::string_view) {};
    EXPECT_THROW(csv_writer(sink, '"'), std::invalid_argument);
    EXPECT_THROW(csv_writer(sink, '\n'), std::invalid_argument);
}

TEST(exports_csv, hands_over_chunks_of_about_64_kib_not_fields) {
    std::vector<std::size_t> chunks;
    std::size_t total = 0;
    {
        csv_writer csv([&](std::string_view bytes) { chunks.push_back(bytes.size()); total += bytes.size(); });
        csv.header();
        for (int i = 0; i < 5000; ++i) {
            export_row r = sample_row();
            r.id = i;
            csv.row(r);
        }
        EXPECT_FALSE(chunks.empty()) << "nothing was sent while rows were still coming";
        csv.finish();
    }
    ASSERT_GE(chunks.size(), 2u);
    EXPECT_LE(chunks.size(), total / (64 * 1024) + 1);
    for (std::size_t i = 0; i + 1 < chunks.size(); ++i) {
        EXPECT_GE(chunks[i], 64u * 1024);
        EXPECT_LT(chunks[i], 64u * 1024 + 1024);
    }
}

TEST(exports_csv, destructor_sends_the_rest_but_not_while_an_exception_unwinds) {
    std::string out;
    {
        csv_writer csv([&](std::string_view bytes) { out += bytes; });
        csv.header();
    }
    EXPECT_NE(out.find("Version de la notice\r\n"), std::string::npos);

    std::string failed;
    try {
        csv_writer csv([&](std::string_view bytes) { failed += bytes; });
        csv.header();
        throw std::runtime_error("the database went away");
    } catch (const std::runtime_error&) {
    }
    EXPECT_EQ(failed, "");
}

TEST(exports_csv, a_failing_sink_fails_the_export) {
    csv_writer csv([](std::string_view) { throw std::runtime_error("client gone"); });
    csv.header();
    EXPECT_THROW(csv.finish(), std::runtime_error);
}

// Random text mixing what CSV and spreadsheets treat specially.
std::string random_text(std::mt19937& random) {
    static const std::vector<std::string> pieces{
        "a", "Z", "é", "È", "à", "ç", "œ", "ß", "’", "«", "»", "\u00A0", "\u202F", "🎉", "漢",
        " ", "  ", ";", ",", "\"", "\"\"", "'", "\r", "\n", "\r\n", "\t", "=", "+", "-", "@",
        "!", "#", "$", "%", "&", "(", ")", "*", "/", ":", "<", ">", "?", "[", "\\", "]", "^",
        "_", "`", "{", "|", "}", "~", ".", "0", "9", "Dupont", "Saint-Étienne"};
    static const std::vector<std::string> dangerous_starts{"=", "+", "-", "@", "\t", "\r"};
    std::string text;
    if (random() % 3 == 0) text += dangerous_starts[random() % dangerous_starts.size()];
    const unsigned length = random() % 25;
    for (unsigned i = 0; i < length; ++i) text += pieces[random() % pieces.size()];
    return text;
}

// What a spreadsheet user reads back: the text, with a quote in front when it
// would otherwise have been run as a formula.
std::string expected_cell(const std::string& text) {
    if (!text.empty() && std::string("=+-@\t\r").find(text[0]) != std::string::npos) return "'" + text;
    return text;
}

void expect_round_trip(char separator, bool bom, unsigned seed) {
    std::mt19937 random(seed);
    std::vector<export_row> rows;
    std::size_t dangerous = 0;
    for (int i = 0; i < 2000; ++i) {
        export_row r;
        r.id = 100000 + i;
        for (std::string* field : {&r.last_name, &r.first_name, &r.email, &r.organisation, &r.role,
                                   &r.partner_name, &r.status, &r.created_at, &r.checked_in_at}) {
            *field = random_text(random);
            if (expected_cell(*field) != *field) ++dangerous;
        }
        rows.push_back(r);
    }
    ASSERT_GT(dangerous, 1000u) << "the generator should produce many formula-like cells";

    const std::string out = write_csv(rows, separator, bom);
    ASSERT_EQ(out.substr(0, 3) == "\xEF\xBB\xBF", bom);
    const auto read = read_with_python(out, separator, bom);
    ASSERT_EQ(read.size(), rows.size() + 1);
    EXPECT_EQ(read[0], french_titles);
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const export_row& r = rows[i];
        const std::vector<std::string> expected{std::to_string(r.id),          expected_cell(r.last_name),
                                                expected_cell(r.first_name),   expected_cell(r.email),
                                                expected_cell(r.organisation), expected_cell(r.role),
                                                expected_cell(r.partner_name), expected_cell(r.status),
                                                expected_cell(r.created_at),   expected_cell(r.checked_in_at),
                                                expected_cell(r.consent_at),   expected_cell(r.consent_version)};
        ASSERT_EQ(read[i + 1], expected) << "row " << i;
    }
}

TEST(exports_csv, generated_strings_round_trip_through_python_csv_semicolon_bom) {
    expect_round_trip(';', true, 20241010);
}

TEST(exports_csv, generated_strings_round_trip_through_python_csv_comma_no_bom) {
    expect_round_trip(',', false, 75006);
}

}  // namespace
}  // namespace colloq::exports
