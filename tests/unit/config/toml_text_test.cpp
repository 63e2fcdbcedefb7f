#include <gtest/gtest.h>

#include "colloq/config/config.hpp"
#include "colloq/config/toml_text.hpp"

namespace colloq::config {
namespace {

TEST(toml_text, accents_in_strings_and_comments_are_allowed) {
    EXPECT_EQ(non_ascii_outside_strings("# Colloque au Sénat\n"
                                        "title = \"L'IA dans les collectivités\"  # éthique\n"
                                        "venue = 'Palais du Luxembourg — Sénat'\n"
                                        "\"clé\" = 1\n"
                                        "text = \"\"\"\nPremière ligne \\\"« citée »\\\"\n\"\"\"\"\n"
                                        "raw = '''\nÉcrit tel quel ''\n'''\n"),
              std::nullopt);
}

TEST(toml_text, a_character_outside_ascii_outside_strings_is_found_on_its_line) {
    EXPECT_EQ(non_ascii_outside_strings("a = 1\nclé = 2\n"), 2u);
    EXPECT_EQ(non_ascii_outside_strings("title = \"Sénat\" é\n"), 1u);
    // A string ends with its line even when it is not closed; what follows is outside it.
    EXPECT_EQ(non_ascii_outside_strings("a = \"open\nb = \xc2\xa1\n"), 2u);
    EXPECT_EQ(non_ascii_outside_strings("a = \"\"\"x\"\"\" \xd2\x99\n"), 1u);
    EXPECT_EQ(non_ascii_outside_strings("a = '''x''' \xef\xbb\xbf\n"), 1u);
    EXPECT_EQ(non_ascii_outside_strings("a = \"x\\\" \xc2\xa1\"\nb = \xc2\xa1"), 2u);
}

TEST(toml_text, the_configuration_with_such_a_character_is_refused_with_its_line) {
    // U+00E9 outside a string: toml++ 3.3 alone would reach __builtin_unreachable here.
    try {
        parse("[event]\nslug = \"test\"\ntitre é = 1\n", "event.toml");
        FAIL() << "accepted";
    } catch (const config_error& e) {
        EXPECT_EQ(std::string(e.what()).rfind("event.toml:3: ", 0), 0u) << e.what();
    }
}

}  // namespace
}  // namespace colloq::config
