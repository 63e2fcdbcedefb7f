#include <gtest/gtest.h>

#include "colloq/config/config.hpp"

namespace colloq::config {
namespace {

const std::string event = R"(
[event]
slug = "test"
title = "Test"
organiser = "Org"
venue = "Salle"
starts_at = "2024-10-10T09:00:00+02:00"
ends_at = "2024-10-10T13:00:00+02:00"
capacity = 50

[mail]
from = "Colloque <inscriptions@example.org>"
)";

std::string error_of(const std::string& questions) {
    try {
        parse(event + questions, "event.toml");
    } catch (const config_error& e) {
        return e.what();
    }
    return "";
}

TEST(config_questions, every_type_is_read_in_order_with_its_defaults) {
    config c = parse(event + R"(
[[questions]]
id = "accessibilite"
label = "Besoins d'accessibilité"
type = "text"
help = "Fauteuil…"
[[questions]]
id = "mot"
label = "Un mot"
type = "textarea"
max_length = 500
[[questions]]
id = "taille"
label = "Taille"
type = "choice"
required = true
options = ["Petite", "Grande"]
[[questions]]
id = "ateliers"
label = "Ateliers"
type = "choices"
options = ["A", "B"]
security_list = true
[[questions]]
id = "dejeuner"
label = "Déjeuner"
type = "checkbox"
[[questions]]
id = "date_1"
label = "Arrivée"
type = "date"
)", "event.toml");
    ASSERT_EQ(c.questions.size(), 6u);
    EXPECT_EQ(c.questions[0].id, "accessibilite");
    EXPECT_EQ(c.questions[0].help, "Fauteuil…");
    EXPECT_EQ(c.questions[0].max_length, 200u) << "a text's default";
    EXPECT_EQ(c.questions[1].max_length, 500u);
    EXPECT_TRUE(c.questions[2].required);
    EXPECT_EQ(c.questions[2].options, (std::vector<std::string>{"Petite", "Grande"}));
    EXPECT_TRUE(c.questions[3].security_list);
    EXPECT_EQ(c.questions[4].type, question::kind::checkbox);
    EXPECT_EQ(c.questions[5].type, question::kind::date);
    EXPECT_EQ(c.questions[5].max_length, 0u);
    EXPECT_EQ(c.find_question("taille"), &c.questions[2]);
    EXPECT_EQ(c.find_question("inconnue"), nullptr);
}

TEST(config_questions, each_mistake_stops_with_its_line_and_key) {
    struct { const char* toml; const char* expected; } cases[] = {
        {"[[questions]]\nlabel = \"L\"\ntype = \"text\"\n", "questions.id"},
        {"[[questions]]\nid = \"Accès\"\nlabel = \"L\"\ntype = \"text\"\n", "questions.id"},
        {"[[questions]]\nid = \"a\"\nlabel = \"L\"\ntype = \"text\"\n[[questions]]\nid = \"a\"\nlabel = \"M\"\ntype = \"text\"\n",
         "appears twice"},
        {"[[questions]]\nid = \"a\"\ntype = \"text\"\n", "questions.label"},
        {"[[questions]]\nid = \"a\"\nlabel = \"L\"\ntype = \"number\"\n", "questions.type"},
        {"[[questions]]\nid = \"a\"\nlabel = \"L\"\ntype = \"choice\"\n", "questions.options"},
        {"[[questions]]\nid = \"a\"\nlabel = \"L\"\ntype = \"text\"\noptions = [\"x\"]\n", "questions.options"},
        {"[[questions]]\nid = \"a\"\nlabel = \"L\"\ntype = \"choices\"\noptions = [\"x\", \"x\"]\n", "appears twice"},
        {"[[questions]]\nid = \"a\"\nlabel = \"L\"\ntype = \"date\"\nmax_length = 10\n", "questions.max_length"},
        {"[[questions]]\nid = \"a\"\nlabel = \"L\"\ntype = \"text\"\nmax_length = 0\n", "questions.max_length"},
        {"[[questions]]\nid = \"a\"\nlabel = \"L\"\ntype = \"text\"\ncolour = \"red\"\n", "questions.colour"},
        {"[questions]\nid = \"a\"\n", "[[questions]]"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.toml);
        std::string error = error_of(c.toml);
        EXPECT_NE(error.find(c.expected), std::string::npos) << error;
        EXPECT_EQ(error.rfind("event.toml:", 0), 0u) << error;
    }
}

TEST(config_questions, the_built_in_colloquium_asks_for_accessibility_needs) {
    config c = builtin();
    ASSERT_EQ(c.questions.size(), 1u);
    EXPECT_EQ(c.questions[0].id, "accessibilite");
    EXPECT_EQ(c.questions[0].type, question::kind::text);
    EXPECT_FALSE(c.questions[0].required);
}

}  // namespace
}  // namespace colloq::config
