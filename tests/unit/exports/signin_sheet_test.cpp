#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "colloq/exports/signin_sheet.hpp"
#include "support.hpp"

namespace colloq::exports {
namespace {

using testing::run;
using testing::temp_dir;
using testing::write_file;

constexpr double points_per_mm = 72.0 / 25.4;

sheet_info sample_info(const std::string& group = "Toutes les associations") {
    return {"L'IA dans les collectivités territoriales : quels besoins, quels outils, quelle éthique ?",
            "jeudi 10 octobre 2024, 9 h 00 – 13 h 00",
            "Sénat, Palais du Luxembourg, 15 rue de Vaugirard, 75006 Paris", "L'Inspiration politique", group, {}};
}

// 45 distinct last names, none a prefix of another, in the order given.
std::vector<export_row> people(int count, const std::string& partner = "") {
    static const std::vector<std::string> bases{"Abadie", "Bérard", "Chauvin", "Delacroix", "Éluard",
                                                "Faure",  "Garnier", "Hébert", "Isnard"};
    static const std::vector<std::string> suffixes{"-Martin", "-Petit", "-Roux", "-Simon", "-Blanc"};
    std::vector<export_row> rows;
    for (int i = 0; i < count; ++i) {
        export_row r;
        r.id = 1000 + i;
        r.last_name = bases[(i / 5) % bases.size()] + suffixes[i % 5];
        if (i >= 45) r.last_name += "-" + std::to_string(i);
        r.first_name = i % 2 ? "Éloïse" : "Jean-Baptiste";
        r.organisation = "Mairie de Saint-Denis";
        r.partner_name = partner;
        rows.push_back(r);
    }
    return rows;
}

std::string write_sheet(const std::vector<export_row>& rows, bool grouped = false,
                        sheet_info info = sample_info()) {
    std::string pdf;
    signin_sheet_writer sheet([&](std::string_view bytes) { pdf += bytes; }, info, grouped);
    for (const export_row& r : rows) sheet.row(r);
    sheet.finish();
    return pdf;
}

struct read_back {
    std::string info;                // pdfinfo
    std::vector<std::string> pages;  // pdftotext -layout, one string per page
    std::string boxes;               // pdftotext -bbox
};

read_back read_pdf(const std::string& pdf) {
    temp_dir dir;
    const std::string path = dir.file("emargement.pdf");
    write_file(path, pdf);
    read_back r;
    r.info = run("pdfinfo '" + path + "' 2>&1").out;
    std::string text = run("pdftotext -layout -enc UTF-8 '" + path + "' - 2>/dev/null").out;
    std::size_t start = 0;
    for (std::size_t ff; (ff = text.find('\f', start)) != std::string::npos; start = ff + 1)
        r.pages.push_back(text.substr(start, ff - start));
    r.boxes = run("pdftotext -bbox -enc UTF-8 '" + path + "' - 2>/dev/null").out;
    return r;
}

bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

std::string all_pages(const read_back& r) {
    std::string all;
    for (const std::string& p : r.pages) all += p;
    return all;
}

// Each needle is found after the previous one.
void expect_in_order(const std::string& text, const std::vector<std::string>& needles) {
    std::size_t at = 0;
    for (const std::string& needle : needles) {
        std::size_t found = text.find(needle, at);
        ASSERT_NE(found, std::string::npos) << needle << " missing or out of order";
        at = found + needle.size();
    }
}

TEST(exports_signin_sheet, forty_five_people_fill_three_a4_pages_in_order) {
    const std::vector<export_row> rows = people(45);
    read_back r = read_pdf(write_sheet(rows));
    EXPECT_TRUE(std::regex_search(r.info, std::regex("Pages: +3\n"))) << r.info;
    EXPECT_TRUE(std::regex_search(r.info, std::regex("Page size: +595\\.2[0-9]* x 841\\.8[0-9]* pts \\(A4\\)")))
        << r.info;
    EXPECT_TRUE(contains(r.info, "Liste d'émargement")) << r.info;
    ASSERT_EQ(r.pages.size(), 3u);

    std::vector<std::string> names;
    for (const export_row& row : rows) names.push_back(row.last_name);
    expect_in_order(all_pages(r), names);
    // Twenty per page: the 21st person opens page 2, the 41st page 3.
    EXPECT_TRUE(contains(r.pages[0], rows[19].last_name));
    EXPECT_FALSE(contains(r.pages[0], rows[20].last_name));
    EXPECT_TRUE(contains(r.pages[1], rows[20].last_name));
    EXPECT_TRUE(contains(r.pages[2], rows[40].last_name));
    EXPECT_TRUE(std::regex_search(r.pages[2], std::regex("\\b45 +" + rows[44].last_name)))
        << "order numbers run on across pages\n" << r.pages[2];
}

TEST(exports_signin_sheet, every_page_repeats_the_event_and_the_table_header) {
    read_back r = read_pdf(write_sheet(people(45)));
    ASSERT_EQ(r.pages.size(), 3u);
    for (std::size_t i = 0; i < r.pages.size(); ++i) {
        const std::string& page = r.pages[i];
        for (const char* expected : {"L'IA dans les collectivités", "jeudi 10 octobre 2024", "Palais du Luxembourg",
                                     "L'Inspiration politique", "Liste d'émargement", "Toutes les associations",
                                     "N°", "ordre", "Nom", "Prénom", "Collectivité", "organisme", "Association",
                                     "Signature"})
            EXPECT_TRUE(contains(page, expected)) << "page " << i + 1 << " lacks " << expected << "\n" << page;
        EXPECT_TRUE(contains(page, "Page " + std::to_string(i + 1))) << page;
    }
    EXPECT_TRUE(contains(r.pages[2], "Page 3"));
    EXPECT_TRUE(contains(r.pages[2], "45 personnes")) << r.pages[2];
    EXPECT_FALSE(contains(r.pages[1], "personnes")) << "the total is on the last page only";
}

TEST(exports_signin_sheet, grouped_by_partner_has_a_heading_per_partner) {
    std::vector<export_row> rows;
    for (const export_row& r : people(25, "Dextera")) rows.push_back(r);
    for (const export_row& r : people(10, "Dircab")) rows.push_back(r);
    for (const export_row& r : people(5, "")) rows.push_back(r);
    read_back r = read_pdf(write_sheet(rows, true));
    ASSERT_GE(r.pages.size(), 3u);
    const std::string text = all_pages(r);
    expect_in_order(text, {"Dextera", rows[0].last_name, rows[24].last_name, "Dircab", rows[25].last_name,
                           rows[34].last_name, "Sans association partenaire", rows[35].last_name,
                           rows[39].last_name});
    // Dextera goes on over the page break and is named again there.
    EXPECT_TRUE(contains(r.pages[1], "Dextera (suite)")) << r.pages[1];
    EXPECT_FALSE(contains(r.pages[0], "(suite)"));
    // A heading never sits alone at the bottom of a page: a line follows it.
    std::size_t headings = 0;
    for (const std::string& page : r.pages) {
        std::vector<std::string> lines;
        std::size_t start = 0;
        for (std::size_t nl; (nl = page.find('\n', start)) != std::string::npos; start = nl + 1)
            lines.push_back(std::regex_replace(page.substr(start, nl - start), std::regex("^ +| +$"), ""));
        for (std::size_t i = 0; i < lines.size(); ++i) {
            if (lines[i] != "Dextera" && lines[i] != "Dextera (suite)" && lines[i] != "Dircab" &&
                lines[i] != "Sans association partenaire")
                continue;
            ++headings;
            bool followed = false;
            for (std::size_t j = i + 1; j < lines.size(); ++j) followed = followed || contains(lines[j], "Mairie");
            EXPECT_TRUE(followed) << lines[i] << " ends its page\n" << page;
        }
    }
    EXPECT_EQ(headings, 4u);
    EXPECT_TRUE(contains(text, "40 personnes"));
}

TEST(exports_signin_sheet, an_empty_list_is_one_page_that_says_so) {
    read_back r = read_pdf(write_sheet({}));
    EXPECT_TRUE(std::regex_search(r.info, std::regex("Pages: +1\n"))) << r.info;
    ASSERT_EQ(r.pages.size(), 1u);
    EXPECT_TRUE(contains(r.pages[0], "Aucune personne"));
    EXPECT_TRUE(contains(r.pages[0], "Signature"));
    EXPECT_TRUE(contains(r.pages[0], "Page 1"));
}

struct word {
    double x_min, y_min, x_max, y_max;
    std::string text;
};

std::vector<word> words_of(const std::string& boxes) {
    std::vector<word> words;
    std::regex word_re(
        "<word xMin=\"([0-9.]+)\" yMin=\"([0-9.]+)\" xMax=\"([0-9.]+)\" yMax=\"([0-9.]+)\">([^<]*)</word>");
    for (auto it = std::sregex_iterator(boxes.begin(), boxes.end(), word_re); it != std::sregex_iterator(); ++it)
        words.push_back({std::stod((*it)[1]), std::stod((*it)[2]), std::stod((*it)[3]), std::stod((*it)[4]),
                         (*it)[5]});
    return words;
}

TEST(exports_signin_sheet, long_values_stay_inside_their_cell) {
    std::vector<export_row> rows = people(3, "Dextera");
    rows[0].last_name = "Wolfeschlegelsteinhausenbergerdorff-Lefèvre-Dupont";
    rows[0].first_name = "Marie-Éloïse-Geneviève-Bernadette";
    rows[0].organisation =
        "Communauté d'agglomération du Grand Périgueux et des territoires ruraux associés de la vallée de l'Isle";
    std::string very_long;
    for (int i = 0; i < 600; ++i) very_long += "ж";
    rows[1].organisation = very_long;
    rows[1].partner_name = "Association nationale des directeurs de cabinet des collectivités territoriales";
    rows[2].last_name = "Nom\navec retour";
    read_back r = read_pdf(write_sheet(rows));

    // The table's grid in points: 12 mm margin, then the six columns; a
    // 9 mm header row at 48 mm, then lines of 11 mm.
    std::vector<double> edges{12};
    for (double width : {13, 35, 29, 48, 26, 35}) edges.push_back(edges.back() + width);
    for (double& e : edges) e *= points_per_mm;
    // A line grows for long names (see below): only the columns are checked here.
    const double body_top = 57 * points_per_mm, line = 11 * points_per_mm;
    const double tolerance = 0.5;

    std::size_t checked = 0;
    for (const word& w : words_of(r.boxes)) {
        if (w.y_min < body_top || w.y_min > body_top + 3 * line) continue;
        ++checked;
        auto column = std::upper_bound(edges.begin(), edges.end(), w.x_min + tolerance) - edges.begin();
        ASSERT_GE(column, 1) << w.text;
        ASSERT_LT(column, static_cast<long>(edges.size())) << w.text;
        EXPECT_LE(w.x_max, edges[column] + tolerance) << "'" << w.text << "' spills into the next column";
    }
    EXPECT_GT(checked, 15u);
    const std::string text = all_pages(r);
    EXPECT_TRUE(contains(text, "Communauté")) << text;
    // Cut short on paper with an ellipsis, the text stays whole for search and copy.
    std::size_t kept = 0;
    for (std::size_t at = 0; (at = text.find("ж", at)) != std::string::npos; at += 2) ++kept;
    EXPECT_EQ(kept, 600u);
}

TEST(exports_signin_sheet, a_failing_sink_fails_the_export) {
    std::size_t received = 0;
    signin_sheet_writer sheet(
        [&](std::string_view bytes) {
            received += bytes.size();
            if (received > 100 * 1024) throw std::runtime_error("client gone");
        },
        sample_info());
    EXPECT_THROW(
        {
            for (const export_row& r : people(3000)) sheet.row(r);
            sheet.finish();
        },
        std::runtime_error);
}

TEST(exports_signin_sheet, ten_thousand_rows_stream_in_flat_memory) {
    // Fonts and Pango's caches are loaded once per process: not what is measured.
    write_sheet(people(45));

    std::size_t received = 0, calls = 0;
#if defined(__SANITIZE_ADDRESS__)
    GTEST_SKIP() << "AddressSanitizer keeps freed memory in quarantine: resident memory says nothing here";
#endif
    const long before = testing::resident_kib();
    long peak = before;
    std::size_t received_before_finish = 0;
    {
        signin_sheet_writer sheet(
            [&](std::string_view bytes) {
                received += bytes.size();
                ++calls;
            },
            sample_info());
        std::vector<export_row> batch = people(100);
        for (int i = 0; i < 10000; ++i) {
            export_row r = batch[i % 100];
            r.last_name.append(" ").append(std::to_string(i));
            sheet.row(r);
            if (i % 500 == 0) peak = std::max(peak, testing::resident_kib());
        }
        received_before_finish = received;
        sheet.finish();
        peak = std::max(peak, testing::resident_kib());
    }
    ASSERT_GT(before, 0);
    EXPECT_GT(received_before_finish, 0u) << "pages must leave before the end";
    EXPECT_GT(received_before_finish, received / 2);
    EXPECT_GT(calls, 10u);
    EXPECT_LT(peak - before, 64 * 1024) << "resident memory grew by " << (peak - before) / 1024 << " MiB";
}

}  // namespace
}  // namespace colloq::exports

namespace colloq::exports {
namespace {

TEST(exports_signin_sheet, the_name_is_the_largest_text_of_its_line_and_wraps_before_it_shrinks) {
    std::vector<export_row> rows = people(2, "Dextera");
    rows[0].first_name = "Marie-Christine Anne-Sophie Éléonore Bérangère";
    rows[0].last_name = "de La Tour d'Auvergne-Lauraguais Saint-Exupéry Montmorency-Bourbons";
    rows[0].organisation = "Mairie";
    read_back r = read_pdf(write_sheet(rows));
    const std::string text = all_pages(r);
    for (const std::string& name : {rows[0].first_name, rows[0].last_name}) {
        std::string words = name;
        std::replace(words.begin(), words.end(), '-', ' ');  // a line may end after a hyphen
        std::istringstream parts(words);
        for (std::string part; parts >> part;) EXPECT_TRUE(contains(text, part)) << part << " is missing:\n" << text;
    }
    const double body_top = 57 * points_per_mm, line = 11 * points_per_mm;
    double second_line_top = 0, name_height = 1e9, other_height = 0;
    for (const word& w : words_of(r.boxes)) {
        if (w.y_min < body_top) continue;
        if (w.text == "2" && w.x_max < (12 + 13) * points_per_mm) second_line_top = w.y_min;
    }
    ASSERT_GT(second_line_top, 0);
    EXPECT_GT(second_line_top, body_top + line) << "the line did not grow for the long names";
    for (const word& w : words_of(r.boxes)) {
        if (w.y_min < body_top || w.y_max > second_line_top - 2) continue;
        const double h = w.y_max - w.y_min;
        const std::string word_text = std::regex_replace(w.text, std::regex("&apos;"), "'");
        if (contains(rows[0].first_name + " " + rows[0].last_name, word_text)) name_height = std::min(name_height, h);
        else other_height = std::max(other_height, h);
    }
    EXPECT_GT(other_height, 0);
    EXPECT_GT(name_height, other_height) << "a name word is not larger than the rest of its line";
    // Three lines at most: the longer name at its full size needs fewer than four.
    EXPECT_LT(second_line_top - body_top, 3 * 10 * 1.4 + 4 * points_per_mm);
}

}  // namespace
}  // namespace colloq::exports
