#include <gtest/gtest.h>

#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "colloq/exports/xlsx.hpp"
#include "support.hpp"

namespace colloq::exports {
namespace {

namespace json = boost::json;
using testing::temp_dir;
using testing::write_file;

// The workbook as openpyxl reads it: sheet settings and every cell's type and value.
json::object read_with_openpyxl(const std::string& path) {
    temp_dir dir;
    const std::string script = dir.file("read.py");
    write_file(script,
               "import datetime, json, sys\n"
               "import openpyxl\n"
               "wb = openpyxl.load_workbook(sys.argv[1])\n"
               "ws = wb.worksheets[0]\n"
               "def value(v):\n"
               "    return v.isoformat() if isinstance(v, datetime.datetime) else v\n"
               "out = {\n"
               "  'sheets': len(wb.worksheets),\n"
               "  'title': ws.title,\n"
               "  'freeze': ws.freeze_panes,\n"
               "  'filter': ws.auto_filter.ref,\n"
               "  'widths': {k: d.width for k, d in ws.column_dimensions.items()},\n"
               "  'rows': [[{'type': c.data_type, 'value': value(c.value), 'date': c.is_date,\n"
               "             'bold': bool(c.font.b), 'format': c.number_format} for c in row]\n"
               "           for row in ws.iter_rows()],\n"
               "}\n"
               "sys.stdout.write(json.dumps(out))\n");
    testing::command_output result =
        testing::run(std::string(testing::python) + " '" + script + "' '" + path + "' 2>&1");
    if (result.status != 0) throw std::runtime_error("openpyxl could not read the workbook: " + result.out);
    return json::parse(result.out).as_object();
}

std::vector<export_row> sample_rows() {
    export_row a;
    a.id = 7;
    a.last_name = "Lefèvre-Dupont";
    a.first_name = "Éloïse";
    a.email = "eloise@example.org";
    a.organisation = "Communauté d'agglomération du Grand Périgueux";
    a.role = "Directrice de cabinet";
    a.partner_name = "Dircab";
    a.status = "Inscription confirmée";
    a.created_at = "2024-09-12T09:42:13+02:00";
    a.checked_in_at = "2024-10-10T08:55:02+02:00";

    export_row b;
    b.id = 8;
    b.last_name = "Martin";
    b.first_name = "Luc";
    b.email = "luc@example.org";
    b.organisation = "=HYPERLINK(\"http://evil.example/\",\"Cliquez ici\")";
    b.role = "@SUM(1+1)";
    b.status = "En liste d'attente";
    b.created_at = "2024-11-13T10:00:00+01:00";

    export_row c;
    c.id = 9;
    c.last_name = "\t-1";
    c.first_name = "Zoé";
    c.status = "Inscription annulée";
    c.created_at = "pas une date";
    return {a, b, c};
}

const json::object& cell(const json::object& book, std::size_t row, std::size_t column) {
    return book.at("rows").as_array().at(row).as_array().at(column).as_object();
}

TEST(exports_xlsx, header_is_bold_frozen_and_filtered_with_widths) {
    temp_dir dir;
    const std::string path = dir.file("inscriptions.xlsx");
    xlsx_writer xlsx(path, "Inscriptions");
    for (const export_row& r : sample_rows()) xlsx.row(r);
    xlsx.close();

    json::object book = read_with_openpyxl(path);
    EXPECT_EQ(book.at("sheets").as_int64(), 1);
    EXPECT_EQ(book.at("title").as_string(), "Inscriptions");
    EXPECT_EQ(book.at("freeze").as_string(), "A2");
    EXPECT_EQ(book.at("filter").as_string(), "A1:L4");
    const std::vector<std::string> titles{"N°",       "Nom",                    "Prénom", "E-mail",
                                          "Collectivité ou organisme", "Fonction",
                                          "Association partenaire", "Statut", "Inscrit le",
                                          "Entrée à", "Consentement le", "Version de la notice"};
    ASSERT_EQ(book.at("rows").as_array().size(), 4u);
    for (std::size_t c = 0; c < titles.size(); ++c) {
        EXPECT_EQ(cell(book, 0, c).at("value").as_string(), titles[c]);
        EXPECT_TRUE(cell(book, 0, c).at("bold").as_bool()) << titles[c];
        EXPECT_FALSE(cell(book, 1, c).at("bold").as_bool()) << titles[c];
    }
    const json::object& widths = book.at("widths").as_object();
    for (const char* column : {"A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L"})
        ASSERT_TRUE(widths.contains(column)) << column;
    EXPECT_GE(widths.at("E").to_number<double>(), 35);  // the organisation needs room
    EXPECT_LE(widths.at("A").to_number<double>(), 12);
}

TEST(exports_xlsx, text_with_accents_numbers_and_dates_keep_their_types) {
    temp_dir dir;
    const std::string path = dir.file("inscriptions.xlsx");
    xlsx_writer xlsx(path, "Inscriptions");
    for (const export_row& r : sample_rows()) xlsx.row(r);
    xlsx.close();

    json::object book = read_with_openpyxl(path);
    EXPECT_EQ(cell(book, 1, 0).at("type").as_string(), "n");
    EXPECT_EQ(cell(book, 1, 0).at("value").to_number<double>(), 7);
    EXPECT_EQ(cell(book, 1, 1).at("value").as_string(), "Lefèvre-Dupont");
    EXPECT_EQ(cell(book, 1, 2).at("value").as_string(), "Éloïse");
    EXPECT_EQ(cell(book, 1, 4).at("value").as_string(), "Communauté d'agglomération du Grand Périgueux");
    EXPECT_EQ(cell(book, 1, 7).at("value").as_string(), "Inscription confirmée");

    EXPECT_TRUE(cell(book, 1, 8).at("date").as_bool());
    // The time as written, in Paris time: Excel keeps no time zone.
    EXPECT_EQ(cell(book, 1, 8).at("value").as_string().subview(0, 19), "2024-09-12T09:42:13");
    EXPECT_TRUE(cell(book, 1, 9).at("date").as_bool());
    EXPECT_EQ(cell(book, 1, 9).at("value").as_string().subview(0, 19), "2024-10-10T08:55:02");
    EXPECT_EQ(cell(book, 2, 8).at("value").as_string().subview(0, 19), "2024-11-13T10:00:00");
    EXPECT_NE(json::value_to<std::string>(cell(book, 1, 8).at("format")).find("dd/mm/yyyy hh:mm"), std::string::npos);
    EXPECT_TRUE(cell(book, 2, 9).at("value").is_null()) << "not checked in: an empty cell";
    // Not a date: kept as text rather than dropped.
    EXPECT_EQ(cell(book, 3, 8).at("value").as_string(), "pas une date");
}

TEST(exports_xlsx, formula_like_text_is_stored_as_the_exact_string_registered) {
    // String cells are never evaluated: each value comes back as it was given,
    // without an apostrophe in front, and none of them becomes a formula.
    const std::vector<std::string> values{"-Minus",
                                          "@Arobase",
                                          "+33 1 23 45 67 89",
                                          "=SUM(1+1)",
                                          "=HYPERLINK(\"http://evil.example/\",\"Cliquez ici\")",
                                          "\t-1",
                                          "'déjà une apostrophe",
                                          "Mairie;=1+1",
                                          "  espaces autour  ",
                                          "<b>&amp;</b>"};
    temp_dir dir;
    const std::string path = dir.file("inscriptions.xlsx");
    xlsx_writer xlsx(path, "Inscriptions");
    long long id = 1;
    for (const std::string& v : values) {
        export_row r;
        r.id = id++;
        r.last_name = v;
        r.organisation = v;
        r.role = v;
        r.status = "Inscription confirmée";
        r.created_at = "2024-09-12T09:42:13+02:00";
        xlsx.row(r);
    }
    xlsx.close();

    json::object book = read_with_openpyxl(path);
    ASSERT_EQ(book.at("rows").as_array().size(), values.size() + 1);
    for (std::size_t i = 0; i < values.size(); ++i) {
        for (std::size_t column : {1u, 4u, 5u}) {
            const json::object& c = cell(book, i + 1, column);
            EXPECT_EQ(c.at("type").as_string(), "s") << values[i];
            EXPECT_EQ(c.at("value").as_string(), values[i]);
        }
        EXPECT_TRUE(cell(book, i + 1, 8).at("date").as_bool()) << "dates stay dates";
    }
}

TEST(exports_xlsx, sheet_title_is_made_acceptable_to_excel) {
    temp_dir dir;
    const std::string path = dir.file("inscriptions.xlsx");
    xlsx_writer xlsx(path, "Inscriptions [Dextera/Dircab]: l'IA dans les collectivités");
    xlsx.close();
    json::object book = read_with_openpyxl(path);
    const std::string title(book.at("title").as_string());
    EXPECT_EQ(title.find_first_of("[]:*?/\\"), std::string::npos) << title;
    EXPECT_EQ(title.rfind("Inscriptions", 0), 0u) << title;
    EXPECT_EQ(book.at("filter").as_string(), "A1:L1");
    EXPECT_EQ(book.at("rows").as_array().size(), 1u);
}

TEST(exports_xlsx, an_unwritable_path_throws) {
    EXPECT_THROW(
        {
            xlsx_writer xlsx("/nonexistent-colloq-dir/inscriptions.xlsx", "Inscriptions");
            xlsx.close();
        },
        std::runtime_error);
}

TEST(exports_xlsx, leaves_no_temporary_files_beside_the_workbook) {
    temp_dir dir;
    const std::string path = dir.file("inscriptions.xlsx");
    {
        xlsx_writer xlsx(path, "Inscriptions");
        for (int i = 0; i < 2000; ++i) xlsx.row(sample_rows()[0]);
        xlsx.close();
    }
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(std::filesystem::path(path).parent_path()))
        names.push_back(entry.path().filename().string());
    EXPECT_EQ(names, std::vector<std::string>{"inscriptions.xlsx"});
}

}  // namespace
}  // namespace colloq::exports
