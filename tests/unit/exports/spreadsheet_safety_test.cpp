#include <gtest/gtest.h>

#include "colloq/exports/spreadsheet_safety.hpp"
#include "colloq/exports/utf8.hpp"

namespace colloq::exports {
namespace {

TEST(exports_spreadsheet_safety, prefixes_every_character_that_starts_a_formula) {
    EXPECT_EQ(neutralise_formula("=HYPERLINK(\"http://x\",\"y\")"), "'=HYPERLINK(\"http://x\",\"y\")");
    EXPECT_EQ(neutralise_formula("+33 1 42 34 20 00"), "'+33 1 42 34 20 00");
    EXPECT_EQ(neutralise_formula("-2+3"), "'-2+3");
    EXPECT_EQ(neutralise_formula("@SUM(A1:A2)"), "'@SUM(A1:A2)");
    EXPECT_EQ(neutralise_formula("\t=1+1"), "'\t=1+1");
    EXPECT_EQ(neutralise_formula("\r=1+1"), "'\r=1+1");
    EXPECT_EQ(neutralise_formula("="), "'=");
}

TEST(exports_spreadsheet_safety, leaves_ordinary_text_alone) {
    for (const char* text : {"", "Dupont", "Éloïse", "Saint-Denis", "a=b", "x+1", "jean@example.org",
                             " =1+1", "'=1+1", "\n=1", "2024-10-10T07:00:00.000Z", "«\u00A0=\u00A0»"})
        EXPECT_EQ(neutralise_formula(text), text) << text;
}

TEST(exports_spreadsheet_safety, looks_like_formula_matches_the_prefixing) {
    EXPECT_TRUE(looks_like_formula("=1"));
    EXPECT_TRUE(looks_like_formula("@"));
    EXPECT_FALSE(looks_like_formula(""));
    EXPECT_FALSE(looks_like_formula("1-2"));
}

TEST(exports_utf8, keeps_valid_text_and_replaces_broken_bytes) {
    EXPECT_EQ(valid_utf8("Lefèvre-Dupont 🎉"), "Lefèvre-Dupont 🎉");
    EXPECT_EQ(valid_utf8("Lef\xE8vre"), "Lef\uFFFDvre");           // Latin-1 é
    EXPECT_EQ(valid_utf8("ab\xC3"), "ab\uFFFD");                    // cut short
    EXPECT_EQ(valid_utf8("\xC0\xAF"), "\uFFFD\uFFFD");              // overlong '/'
    EXPECT_EQ(valid_utf8("\xED\xA0\x80x"), "\uFFFD\uFFFD\uFFFDx");  // surrogate
}

}  // namespace
}  // namespace colloq::exports
