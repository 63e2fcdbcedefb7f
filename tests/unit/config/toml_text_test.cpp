#include <gtest/gtest.h>

#include "colloq/config/config.hpp"
#include "colloq/config/toml_text.hpp"

namespace colloq::config {
namespace {

std::string error_of(const std::string& text) {
    try {
        parse(text, "event.toml");
    } catch (const config_error& e) {
        return e.what();
    }
    return "";
}

TEST(toml_text, shielding_moves_every_character_from_u0080_to_uffff_and_back) {
    std::string text = "# Sénat\ntitle = \"L'IA — éthique « ok » \xef\xbb\xbf Ω 王 😀\"\n";
    std::string shielded = shield_for_toml(text);
    EXPECT_EQ(shielded.find("é"), std::string::npos);
    EXPECT_EQ(shielded.find("王"), std::string::npos);
    EXPECT_NE(shielded.find("😀"), std::string::npos) << "beyond U+FFFF, characters stay";
    EXPECT_EQ(unshield(shielded), text);
    // Bytes that are not UTF-8 are left for toml++ to refuse.
    EXPECT_EQ(shield_for_toml("a = \"\xff\xc3\""), "a = \"\xff\xc3\"");
}

TEST(toml_text, every_text_read_from_the_file_is_as_written) {
    config c = parse(R"(
[event]
slug = "test"
title = "L'IA dans les collectivités territoriales : quelle éthique ?"
organiser = "L'Inspiration politique — Þórr Ærø 王小明"
venue = "Sénat"
starts_at = "2024-10-10T09:00:00+02:00"
ends_at = "2024-10-10T13:00:00+02:00"
capacity = 50

[mail]
from = "Colloque éthique <inscriptions@example.org>"
)", "event.toml");
    EXPECT_EQ(c.event.title, "L'IA dans les collectivités territoriales : quelle éthique ?");
    EXPECT_EQ(c.event.organiser, "L'Inspiration politique — Þórr Ærø 王小明");
    EXPECT_EQ(c.mail.from, "Colloque éthique <inscriptions@example.org>");
}

TEST(toml_text, characters_toml_cannot_have_outside_strings_are_refused_with_their_line) {
    // U+00E9 and U+0499 outside a string, or after a sign where a number was expected: toml++ 3.3
    // alone reaches __builtin_unreachable on each (the fuzzer's findings).
    EXPECT_EQ(error_of("[event]\nslug = \"test\"\ntitre é = 1\n").rfind("event.toml:3: ", 0), 0u);
    EXPECT_EQ(error_of("[event]\ntitle =-\"Journée\"\n").rfind("event.toml:2: ", 0), 0u);
    EXPECT_EQ(error_of("[event]\nslug = \xd2\x99\n").rfind("event.toml:2: ", 0), 0u);
    EXPECT_EQ(error_of("[event]\n# \xf3\xb0\x80\x81\n").rfind("event.toml:2: ", 0), 0u) << "plane 15";
}

}  // namespace
}  // namespace colloq::config
