// Reading invitees' CSV files: the encodings and separators people's spreadsheets save, and row
// numbers as the spreadsheet shows them.
#include "colloq/imports/csv_reader.hpp"

#include <gtest/gtest.h>

namespace colloq::imports {
namespace {

std::vector<std::vector<std::string>> fields_of(const csv_table& t) {
    std::vector<std::vector<std::string>> out;
    for (const auto& row : t.rows) out.push_back(row.fields);
    return out;
}

std::vector<int> lines_of(const csv_table& t) {
    std::vector<int> out;
    for (const auto& row : t.rows) out.push_back(row.line);
    return out;
}

TEST(csv_reader, excel_windows_1252_with_semicolons_and_crlf) {
    csv_table t = read_csv("Nom;Pr\xE9nom\r\nL\xE9vy;\x80uros \x9C\r\n");
    ASSERT_EQ(t.error, "");
    EXPECT_EQ(t.encoding, "Windows-1252");
    EXPECT_EQ(t.separator, ';');
    EXPECT_EQ(fields_of(t), (std::vector<std::vector<std::string>>{{"Nom", "Prénom"}, {"Lévy", "€uros œ"}}));
    EXPECT_EQ(lines_of(t), (std::vector<int>{1, 2}));
}

TEST(csv_reader, utf8_with_a_bom_and_commas_and_quotes) {
    csv_table t = read_csv("\xEF\xBB\xBFNom,Organisme\n\"D'Ormesson, fils\",\"Le \"\"Sénat\"\"\"\n");
    ASSERT_EQ(t.error, "");
    EXPECT_EQ(t.encoding, "UTF-8 avec BOM");
    EXPECT_EQ(t.separator, ',');
    EXPECT_EQ(fields_of(t)[1], (std::vector<std::string>{"D'Ormesson, fils", "Le \"Sénat\""}));
}

TEST(csv_reader, the_separator_is_the_more_frequent_one_outside_quotes_or_the_one_excel_names) {
    EXPECT_EQ(read_csv("\"a;b;c\",d,e\n").separator, ',');
    EXPECT_EQ(read_csv("a;b,c;d\n").separator, ';');
    EXPECT_EQ(read_csv("nom\n").separator, ';');
    csv_table named = read_csv("sep=,\na;b,c\n");
    EXPECT_EQ(named.separator, ',');
    EXPECT_EQ(fields_of(named), (std::vector<std::vector<std::string>>{{"a;b", "c"}}));
    // Only a line that is just "sep=" and a punctuation mark names one: a byte of a UTF-8
    // character would cut characters in two (found by the invitees fuzzer).
    csv_table not_named = read_csv("sep=\xC3\xA9;x\nb;c\n");
    EXPECT_EQ(not_named.separator, ';');
    EXPECT_EQ(not_named.rows.front().fields, (std::vector<std::string>{"sep=é", "x"}));
}

TEST(csv_reader, rows_keep_the_spreadsheet_numbers_across_blank_rows_and_quoted_line_breaks) {
    csv_table t = read_csv("titre;x\r\n\"deux\r\nlignes\";1\r\n\r\n;\r\nfin;2");
    ASSERT_EQ(t.error, "");
    EXPECT_EQ(lines_of(t), (std::vector<int>{1, 2, 5})) << "row 3 is blank, row 4 holds only empty cells";
    EXPECT_EQ(t.rows[1].fields[0], "deux\r\nlignes");
    EXPECT_EQ(t.rows[2].fields, (std::vector<std::string>{"fin", "2"})) << "the last row needs no line end";
}

TEST(csv_reader, what_cannot_be_read_is_said) {
    EXPECT_NE(read_csv("a;\x81\n").error, "") << "0x81 is neither UTF-8 nor Windows-1252";
    EXPECT_NE(read_csv("\xEF\xBB\xBF" "a;\xE9\n").error, "") << "a BOM promises UTF-8";
    std::string wide(max_csv_fields, ';');
    EXPECT_NE(read_csv("a" + wide + "\n").error, "");
    std::string tall = "nom\n";
    for (std::size_t i = 0; i < max_csv_rows; ++i) tall += "x\n";
    EXPECT_NE(read_csv(tall).error, "");
    std::string fits = "nom\n";
    for (std::size_t i = 0; i + 1 < max_csv_rows; ++i) fits += "x\n";
    EXPECT_EQ(read_csv(fits).error, "");
    EXPECT_EQ(read_csv(fits).rows.size(), max_csv_rows);
}

TEST(csv_reader, the_apostrophe_an_export_puts_before_a_formula_is_read_off) {
    csv_table t = read_csv("Nom;Organisme;Fonction;Note\n'=SUM(1+1);'+33 1 23;'-chef;'@x\nD'Ormesson;'Abc;'';'\n");
    ASSERT_EQ(t.error, "");
    EXPECT_EQ(t.rows[1].fields, (std::vector<std::string>{"=SUM(1+1)", "+33 1 23", "-chef", "@x"}));
    EXPECT_EQ(t.rows[2].fields, (std::vector<std::string>{"D'Ormesson", "'Abc", "''", "'"}))
        << "an apostrophe before anything but a formula character is the person's own";
}

}  // namespace
}  // namespace colloq::imports
