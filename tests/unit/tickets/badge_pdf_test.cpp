#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <regex>
#include <sstream>

#include <glib.h>

#include <sodium.h>

#include "colloq/crypto/secrets.hpp"
#include "colloq/tickets/badge_pdf.hpp"
#include "colloq/tickets/ticket.hpp"
#include "scratch.hpp"

namespace colloq::tickets {
namespace {

using test_files::output_of;
using test_files::scratch_dir;
using test_files::without_white_space;

// A6 in points, and where the QR code sits (45 mm square, 6 mm above the bottom edge).
constexpr double page_width = 105 * 72 / 25.4;
constexpr double page_height = 148 * 72 / 25.4;
constexpr double qr_top = page_height - (6 + 45) * 72 / 25.4;

badge_info sample() {
    crypto::init();
    key_pair keys{};
    crypto_sign_keypair(keys.public_key.data(), keys.secret_key.data());
    badge_info info;
    info.first_name = "Éloïse";
    info.last_name = "Lefèvre-Dupont";
    info.organisation = "Communauté d'agglomération du Grand Périgueux";
    info.role = "Directrice de cabinet";
    info.partner_name = "Dircab";
    info.event_title = "L'IA dans les collectivités territoriales : quels besoins, quels outils, quelle éthique ?";
    info.event_date = "jeudi 10 octobre 2024, 9 h 00 – 13 h 00";
    info.venue = "Sénat, Palais du Luxembourg, 15 rue de Vaugirard, 75006 Paris";
    info.ticket_text = issue({event_tag_of("ia-collectivites-2024"), 7, new_nonce()}, keys);
    return info;
}

struct word {
    double x_min, y_min, x_max, y_max;
    std::string text;
};

// The PDF as pdftotext reads it: plain text, and each word with its box.
struct extracted {
    std::string text;
    std::vector<word> words;
    std::string info;
};

extracted extract(const std::string& pdf) {
    scratch_dir dir;
    std::string file = dir.file("badge.pdf");
    test_files::write_file(file, pdf);
    extracted e;
    // -raw keeps the drawing order and the hyphen at the end of a line
    // (the default joins "Lefèvre-" and "Dupont" into "LefèvreDupont").
    e.text = output_of("pdftotext -raw -enc UTF-8 '" + file + "' - 2>/dev/null");
    e.info = output_of("pdfinfo -enc UTF-8 '" + file + "' 2>/dev/null");
    std::string boxes = output_of("pdftotext -enc UTF-8 -bbox '" + file + "' - 2>/dev/null");
    std::regex word_re(
        "<word xMin=\"([0-9.]+)\" yMin=\"([0-9.]+)\" xMax=\"([0-9.]+)\" yMax=\"([0-9.]+)\">([^<]*)</word>");
    for (auto it = std::sregex_iterator(boxes.begin(), boxes.end(), word_re); it != std::sregex_iterator(); ++it)
        e.words.push_back({std::stod((*it)[1]), std::stod((*it)[2]), std::stod((*it)[3]), std::stod((*it)[4]),
                           (*it)[5]});
    return e;
}

// Every word lies on the page and above the QR code: nothing is cut off or hidden.
void expect_all_words_inside(const extracted& e) {
    ASSERT_FALSE(e.words.empty());
    for (const word& w : e.words) {
        EXPECT_GE(w.x_min, 0) << w.text;
        EXPECT_GE(w.y_min, 0) << w.text;
        EXPECT_LE(w.x_max, page_width) << w.text;
        EXPECT_LE(w.y_max, qr_top) << w.text;
    }
}

bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

TEST(tickets_badge_pdf, is_an_a6_pdf_with_a_title) {
    std::string pdf = badge_pdf(sample());
    ASSERT_GE(pdf.size(), 5u);
    EXPECT_EQ(pdf.substr(0, 5), "%PDF-");
    extracted e = extract(pdf);
    EXPECT_TRUE(std::regex_search(e.info, std::regex("Page size: +297\\.6[0-9]* x 419\\.5[0-9]* pts"))) << e.info;
    EXPECT_TRUE(std::regex_search(e.info, std::regex("Pages: +1\n"))) << e.info;
    EXPECT_TRUE(contains(e.info, "Éloïse Lefèvre-Dupont")) << e.info;
}

TEST(tickets_badge_pdf, shows_the_person_and_the_event_with_accents) {
    badge_info info = sample();
    extracted e = extract(badge_pdf(info));
    const std::string text = without_white_space(e.text);
    EXPECT_TRUE(contains(text, "ÉloïseLefèvre-Dupont")) << e.text;
    EXPECT_TRUE(contains(text, without_white_space(info.organisation))) << e.text;
    EXPECT_TRUE(contains(text, without_white_space(info.role))) << e.text;
    EXPECT_TRUE(contains(text, "Dircab")) << e.text;
    EXPECT_TRUE(contains(text, without_white_space(info.event_title))) << e.text;
    EXPECT_TRUE(contains(text, without_white_space(info.event_date))) << e.text;
    EXPECT_TRUE(contains(text, without_white_space(info.venue))) << e.text;
    expect_all_words_inside(e);
}

TEST(tickets_badge_pdf, without_partner_says_nothing_of_one) {
    badge_info info = sample();
    info.partner_name.clear();
    extracted e = extract(badge_pdf(info));
    EXPECT_FALSE(contains(e.text, "partenaire")) << e.text;
    EXPECT_TRUE(contains(without_white_space(e.text), "ÉloïseLefèvre-Dupont")) << e.text;
}

TEST(tickets_badge_pdf, name_is_the_largest_text_first_name_first) {
    extracted e = extract(badge_pdf(sample()));
    double name_height = 0, other_height = 0;
    const word* first = nullptr;
    const word* last = nullptr;
    for (const word& w : e.words) {
        double h = w.y_max - w.y_min;
        if (w.text == "Éloïse") first = &w;
        if (w.text == "Lefèvre-Dupont") last = &w;
        if (w.text == "Éloïse" || w.text == "Lefèvre-Dupont") name_height = std::max(name_height, h);
        else other_height = std::max(other_height, h);
    }
    ASSERT_TRUE(first && last) << e.text;  // the hyphenated last name is kept whole
    EXPECT_LE(first->y_max, last->y_min + 1);
    EXPECT_GT(name_height, 1.5 * other_height);
}

TEST(tickets_badge_pdf, a_very_long_name_appears_completely) {
    badge_info info = sample();
    info.first_name = "Marie-Éloïse Anne-Sophie Bérénice";
    info.last_name = "de La Rochefoucauld-Montmorency-Laval d'Aubigné Saint-Exupéry";
    ASSERT_GE(info.first_name.size() + 1 + info.last_name.size(), 100u);
    extracted e = extract(badge_pdf(info));
    EXPECT_TRUE(contains(without_white_space(e.text), without_white_space(info.first_name + info.last_name)))
        << e.text;
    EXPECT_FALSE(contains(e.text, "…"));
    expect_all_words_inside(e);
}

TEST(tickets_badge_pdf, a_name_without_spaces_is_shrunk_not_cut) {
    badge_info info = sample();
    info.first_name = "Hubert";
    info.last_name = "Wolfeschlegelsteinhausenbergerdorffwelchevoralternwarengewissenhaftschaferswessenschafe";
    extracted e = extract(badge_pdf(info));
    EXPECT_TRUE(contains(without_white_space(e.text), info.first_name + info.last_name)) << e.text;
    expect_all_words_inside(e);
}

TEST(tickets_badge_pdf, long_organisation_and_role_still_fit) {
    badge_info info = sample();
    info.organisation = "";
    info.role = "";
    for (int i = 0; i < 10; ++i) info.organisation += "Syndicat intercommunal ";
    for (int i = 0; i < 10; ++i) info.role += "Chargée de mission ";
    extracted e = extract(badge_pdf(info));
    const std::string text = without_white_space(e.text);
    EXPECT_TRUE(contains(text, without_white_space(info.organisation))) << e.text;
    EXPECT_TRUE(contains(text, without_white_space(info.role))) << e.text;
    expect_all_words_inside(e);
}

// The font size of each word, from its box: pdftotext gives the box of the font's
// ascent and descent, proportional to the size. The event title, alone on its line at its
// full 12 pt in the same font, gives the ratio.
struct sized_words {
    std::vector<std::pair<std::string, double>> name, other;
};

sized_words word_sizes(const extracted& e, const badge_info& info) {
    double title_height = 0;
    for (const word& w : e.words)
        if (w.text == info.event_title) title_height = w.y_max - w.y_min;
    EXPECT_GT(title_height, 0) << "the one-word title is not found";
    std::string name = info.first_name + " " + info.last_name;
    sized_words out;
    for (const word& w : e.words) {
        double size = (w.y_max - w.y_min) / title_height * 12;
        if (w.text == info.event_title) continue;
        std::string text = std::regex_replace(w.text, std::regex("&apos;"), "'");
        text = std::regex_replace(text, std::regex("&amp;"), "&");
        (contains(name, text) ? out.name : out.other).emplace_back(text, size);
    }
    return out;
}

TEST(tickets_badge_pdf, long_names_wrap_and_stay_at_least_14_points_and_the_largest_text) {
    badge_info info = sample();
    info.event_title = "Colloque";
    info.event_date = "10/10/2030";          // no word in common with the name
    info.venue = "Paris";
    info.role = "Directrice";
    info.organisation = "Métropole lyonnaise";
    info.first_name = "Marie-Christine Anne-Sophie Éléonore Bérangère";                       // 46 characters
    info.last_name = "de La Tour d'Auvergne-Lauraguais Saint-Exupéry Montmorency-Bourbons";  // 67
    ASSERT_EQ(g_utf8_strlen(info.first_name.c_str(), -1), 46);
    ASSERT_EQ(g_utf8_strlen(info.last_name.c_str(), -1), 67);
    extracted e = extract(badge_pdf(info));
    EXPECT_TRUE(contains(without_white_space(e.text), without_white_space(info.first_name + info.last_name)))
        << e.text;
    expect_all_words_inside(e);
    sized_words sizes = word_sizes(e, info);
    ASSERT_FALSE(sizes.name.empty());
    double largest_other = 0;
    for (const auto& [text, size] : sizes.other) largest_other = std::max(largest_other, size);
    for (const auto& [text, size] : sizes.name) {
        EXPECT_GE(size, 14 - 0.2) << text;
        EXPECT_GT(size, largest_other + 1) << text;
    }
    for (const auto& [text, size] : sizes.other) EXPECT_LT(size, 13) << "not part of the name: " << text;
}

TEST(tickets_badge_pdf, the_longest_names_in_the_widest_letters_stay_clear_of_the_qr_code) {
    badge_info info = sample();
    std::string widest;
    for (int i = 0; i < 10; ++i) widest.append(i ? " " : "").append("WMWMWMWMW");
    info.first_name = widest.substr(0, 100);
    info.last_name = widest.substr(0, 100);
    extracted e = extract(badge_pdf(info));
    expect_all_words_inside(e);
    EXPECT_TRUE(contains(without_white_space(e.text), without_white_space(info.first_name + info.last_name)));
}

TEST(tickets_badge_pdf, a_name_that_fits_three_lines_is_not_shrunk_below_its_largest_fitting_size) {
    badge_info info = sample();
    info.event_title = "Colloque";
    info.first_name = "Jean";
    info.last_name = "Martin";
    sized_words sizes = word_sizes(extract(badge_pdf(info)), info);
    ASSERT_EQ(sizes.name.size(), 2u);
    for (const auto& [text, size] : sizes.name) EXPECT_GE(size, 25.5) << text;  // 26 pt, the largest
}

// Control characters pdftotext adds around right-to-left text, and white space, removed.
std::string comparable(const std::string& text) {
    std::string out = without_white_space(text);
    for (const char* mark : {"\u202A", "\u202B", "\u202C", "\u202D", "\u202E", "\u200E", "\u200F"})
        for (std::size_t at; (at = out.find(mark)) != std::string::npos;) out.erase(at, std::strlen(mark));
    return out;
}

TEST(tickets_badge_pdf, names_in_other_scripts_print_as_themselves) {
    const std::vector<std::pair<std::string, std::string>> names{
        {"Ελένη", "Παπαδοπούλου"}, {"Олег", "Иванов"}, {"محمد", "Dupont"}, {"王", "小明"},
        {"Nguyễn", "Thị Bảo"},     {"Łukasz", "Żółć"}, {"Søren", "Ærø"}};
    for (const auto& [first, last] : names) {
        badge_info info = sample();
        info.first_name = first;
        info.last_name = last;
        std::string pdf = badge_pdf(info);
        extracted e = extract(pdf);
        scratch_dir dir;
        std::string file = dir.file("badge.pdf");
        test_files::write_file(file, pdf);
        EXPECT_TRUE(contains(comparable(e.text), comparable(first + last))) << first << " " << last << ": " << e.text;
        // Every font is embedded and maps its glyphs back to Unicode: nothing is a box.
        std::string fonts = output_of("pdffonts '" + file + "' 2>/dev/null");
        std::istringstream lines(fonts);
        std::string line;
        int listed = 0;
        for (int n = 0; std::getline(lines, line); ++n) {
            if (n < 2 || line.empty()) continue;
            ++listed;
            EXPECT_TRUE(std::regex_search(line, std::regex(" yes +yes +yes +[0-9]+ +[0-9]+ *$"))) << line;
        }
        EXPECT_GE(listed, 1) << fonts;
    }
}

TEST(tickets_badge_pdf, emoji_print_in_colour_beside_the_name) {
    badge_info info = sample();
    info.first_name = "Zoë 🌻";
    info.last_name = "Martin";
    std::string pdf = badge_pdf(info);
    extracted e = extract(pdf);
    scratch_dir dir;
    std::string file = dir.file("badge.pdf");
    test_files::write_file(file, pdf);
    EXPECT_TRUE(contains(comparable(e.text), "ZoëMartin")) << e.text;
    // The colour glyph is an image (the QR code is vector): two header lines and one image
    // and its mask at least.
    std::string images = output_of("pdfimages -list '" + file + "' 2>/dev/null");
    EXPECT_GE(std::count(images.begin(), images.end(), '\n'), 3) << images;
}

TEST(tickets_badge_pdf, printed_qr_code_is_vector_and_decodes_to_the_ticket) {
    badge_info info = sample();
    scratch_dir dir;
    std::string file = dir.file("badge.pdf");
    test_files::write_file(file, badge_pdf(info));
    // pdfimages lists two header lines and then one line per raster image.
    std::string images = output_of("pdfimages -list '" + file + "' 2>/dev/null");
    EXPECT_EQ(std::count(images.begin(), images.end(), '\n'), 2) << images;

    output_of("pdftoppm -r 150 -png -singlefile '" + file + "' '" + dir.file("page") + "' 2>/dev/null");
    std::string decoded = output_of("zbarimg --quiet --raw '" + dir.file("page.png") + "' 2>/dev/null");
    EXPECT_EQ(decoded.substr(0, decoded.find('\n')), info.ticket_text);
}

TEST(tickets_badge_pdf, refuses_a_badge_without_ticket) {
    badge_info info = sample();
    info.ticket_text.clear();
    EXPECT_THROW(badge_pdf(info), std::runtime_error);
}

}  // namespace
}  // namespace colloq::tickets
