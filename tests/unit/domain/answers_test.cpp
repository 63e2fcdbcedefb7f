#include <gtest/gtest.h>

#include "colloq/domain/answers.hpp"

namespace colloq::domain {
namespace {

config::config with_questions() {
    config::config c = config::builtin();
    c.questions.clear();
    auto add = [&c](const char* id, config::question::kind k, bool required, std::vector<std::string> options = {},
                    std::size_t max_length = 0) {
        config::question q;
        q.id = id;
        q.label = id;
        q.type = k;
        q.required = required;
        q.options = std::move(options);
        q.max_length = max_length;
        c.questions.push_back(q);
    };
    add("texte", config::question::kind::textarea, false, {}, 10);
    add("choix", config::question::kind::choice, true, {"A", "B"});
    add("date", config::question::kind::date, false);
    add("case", config::question::kind::checkbox, false);
    return c;
}

answer text(std::string v) { return {answer::shape::text, {std::move(v)}}; }

std::vector<std::string> fields_of(answer_map answers, bool partial = false) {
    std::vector<field_error> faults;
    validate_answers(answers, with_questions(), faults, partial);
    std::vector<std::string> out;
    for (const auto& f : faults) out.push_back(f.field);
    return out;
}

TEST(domain_answers, dates_are_real_calendar_days) {
    for (const char* good : {"2024-02-29", "2000-02-29", "2030-12-31"})
        EXPECT_TRUE(fields_of({{"choix", text("A")}, {"date", text(good)}}).empty()) << good;
    for (const char* bad : {"2023-02-29", "1900-02-29", "2030-13-01", "2030-04-31", "2030-1-01", "30-01-2030"})
        EXPECT_EQ(fields_of({{"choix", text("A")}, {"date", text(bad)}}), std::vector<std::string>{"answers.date"}) << bad;
}

TEST(domain_answers, a_textarea_keeps_line_breaks_counts_characters_and_refuses_other_controls) {
    answer_map answers{{"choix", text("A")}, {"texte", text("é\r\nà\nù")}};
    std::vector<field_error> faults;
    validate_answers(answers, with_questions(), faults);
    ASSERT_TRUE(faults.empty());
    EXPECT_EQ(answers.at("texte").values[0], "é\nà\nù");
    EXPECT_EQ(fields_of({{"choix", text("A")}, {"texte", text("éééééééééé")}}).size(), 0u) << "10 characters";
    EXPECT_EQ(fields_of({{"choix", text("A")}, {"texte", text("ééééééééééé")}}), std::vector<std::string>{"answers.texte"});
    EXPECT_EQ(fields_of({{"choix", text("A")}, {"texte", text("a\tb")}}), std::vector<std::string>{"answers.texte"});
}

TEST(domain_answers, required_questions_are_required_except_in_a_correction) {
    EXPECT_EQ(fields_of({}), std::vector<std::string>{"answers.choix"});
    EXPECT_TRUE(fields_of({}, true).empty());
    EXPECT_EQ(fields_of({{"choix", text("")}}, true), std::vector<std::string>{"answers.choix"});
}

TEST(domain_answers, an_unchecked_box_and_empty_texts_are_not_kept) {
    answer_map answers{{"choix", text("B")}, {"texte", text("   ")}, {"case", {answer::shape::flag, {"false"}}}};
    std::vector<field_error> faults;
    validate_answers(answers, with_questions(), faults);
    ASSERT_TRUE(faults.empty());
    EXPECT_EQ(answers.size(), 1u);
    EXPECT_EQ(answer_text(answers, "case", &with_questions().questions[3]), "Non");
}

}  // namespace
}  // namespace colloq::domain
