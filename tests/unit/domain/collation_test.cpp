#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "colloq/domain/collation.hpp"

namespace colloq::domain {
namespace {

using person = std::pair<std::string, std::string>;  // last name, first name

std::vector<std::string> sorted_by_key(std::vector<std::string> names) {
    std::sort(names.begin(), names.end(),
              [](const std::string& a, const std::string& b) { return collation_key(a) < collation_key(b); });
    return names;
}

TEST(domain_collation, letters_with_accents_and_other_latin_letters_sort_with_their_base_letter) {
    const std::vector<std::string> french{"Abadie", "Bảo",   "Break",   "Celia",  "Çelik",   "Cyr",
                                          "Emile",  "Émile", "Eva",     "Laure",  "Łukasz",  "Lz",
                                          "Olga",   "Øystein", "Oyster", "Zidane"};
    std::vector<std::string> shuffled = french;
    std::mt19937 random(14);
    for (int round = 0; round < 20; ++round) {
        std::shuffle(shuffled.begin(), shuffled.end(), random);
        EXPECT_EQ(sorted_by_key(shuffled), french);
    }
    EXPECT_TRUE(collates_before("Bảo", "Break"));
    EXPECT_TRUE(collates_before("Emile", "Émile"));
    EXPECT_TRUE(collates_before("Émile", "Eva"));
    EXPECT_FALSE(collates_before("Cyr", "Çelik"));
    EXPECT_TRUE(collates_before("Łukasz", "Lz"));
    EXPECT_TRUE(collates_before("Olga", "Øystein"));
    EXPECT_TRUE(collates_before("Øystein", "Oz"));
}

TEST(domain_collation, case_never_decides_and_the_first_name_does) {
    EXPECT_EQ(collation_key("DUPONT"), collation_key("dupont"));
    EXPECT_EQ(collation_key("Dupont"), collation_key("dUpOnT"));
    std::vector<person> people{{"dupont", "Zoé"}, {"DUPONT", "Anne"}, {"Dupont", "Émile"}, {"Dupont", "Eva"},
                               {"Dupontel", "Aline"}, {"Du Pont", "Yves"}, {"Émile", "Zed"}, {"Emile", "Anne"}};
    std::sort(people.begin(), people.end(), [](const person& a, const person& b) {
        return name_collation_key(a.first, a.second) < name_collation_key(b.first, b.second);
    });
    const std::vector<person> expected{{"Du Pont", "Yves"}, {"DUPONT", "Anne"}, {"Dupont", "Émile"},
                                       {"Dupont", "Eva"},   {"dupont", "Zoé"},  {"Dupontel", "Aline"},
                                       {"Emile", "Anne"},   {"Émile", "Zed"}};
    EXPECT_EQ(people, expected);
}

TEST(domain_collation, broken_utf8_and_empty_text_still_get_a_key) {
    EXPECT_EQ(collation_key(""), collation_key(""));
    EXPECT_FALSE(collation_key("Lef\xE8vre").empty());
    EXPECT_TRUE(collation_key("") < collation_key("a"));
    const std::string long_name(5000, 'x');
    EXPECT_LT(collation_key(long_name.substr(1)), collation_key(long_name));
}

TEST(domain_collation, threads_sort_at_the_same_time_with_the_same_result) {
    const std::vector<std::string> names{"Zola", "Émery", "écolan", "Bảo", "Break", "Øystein", "Łukasz", "Çelik", "Abadie"};
    const std::vector<std::string> expected = sorted_by_key(names);
    std::vector<int> mismatches(4, 0);
    std::vector<std::thread> threads;
    for (std::size_t t = 0; t < mismatches.size(); ++t)
        threads.emplace_back([&, t] {
            std::mt19937 random(static_cast<unsigned>(t));
            std::vector<std::string> mine = names;
            for (int i = 0; i < 2000; ++i) {
                std::shuffle(mine.begin(), mine.end(), random);
                std::vector<std::string> by_compare = mine;
                std::sort(by_compare.begin(), by_compare.end(),
                          [](const std::string& a, const std::string& b) { return collates_before(a, b); });
                if (sorted_by_key(mine) != expected || by_compare != expected) ++mismatches[t];
            }
        });
    for (auto& t : threads) t.join();
    EXPECT_EQ(mismatches, std::vector<int>(4, 0));
}

}  // namespace
}  // namespace colloq::domain
