#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "colloq/domain/printable.hpp"
#include "colloq/domain/validation.hpp"

namespace colloq::domain {
namespace {

applicant camille() {
    applicant a;
    a.first_name = "Camille";
    a.last_name = "Lefèvre";
    a.email = "camille.lefevre@nanterre.fr";
    a.organisation = "Ville de Nanterre";
    a.role = "Cheffe de cabinet";
    a.consent = true;
    return a;
}

// The field of the first fault, or nothing when the applicant is valid.
std::optional<std::string> fault_field(applicant a) {
    auto faults = validate_all(a, config::builtin());
    return faults.empty() ? std::nullopt : std::optional(faults.front().field);
}

std::vector<std::string> fault_fields(applicant a) {
    std::vector<std::string> fields;
    for (const auto& f : validate_all(a, config::builtin())) fields.push_back(f.field);
    return fields;
}

TEST(validation, accepts_a_complete_applicant_and_trims_every_field) {
    applicant a = camille();
    a.first_name = "  Camille\t";
    a.email = " Camille.Lefevre@Nanterre.fr ";
    a.organisation = "\xC2\xA0Ville de Nanterre";
    a.partner = " dextera ";
    auto cfg = config::builtin();
    EXPECT_TRUE(validate_all(a, cfg).empty());
    EXPECT_EQ(a.first_name, "Camille");
    EXPECT_EQ(a.email, "Camille.Lefevre@Nanterre.fr");
    EXPECT_EQ(a.organisation, "Ville de Nanterre");
    EXPECT_EQ(a.partner, "dextera");
}

TEST(validation, empty_partner_means_public) {
    applicant a = camille();
    a.partner = "  ";
    EXPECT_TRUE(validate_all(a, config::builtin()).empty());
    EXPECT_FALSE(a.partner.has_value());
}

TEST(validation, names_each_missing_field) {
    const std::pair<std::string applicant::*, const char*> fields[] = {
        {&applicant::first_name, "first_name"}, {&applicant::last_name, "last_name"}, {&applicant::email, "email"},
        {&applicant::organisation, "organisation"}, {&applicant::role, "role"}};
    for (auto [blank, name] : fields) {
        applicant a = camille();
        a.*blank = "   ";
        EXPECT_EQ(fault_fields(a), std::vector<std::string>{name});
    }
}

TEST(validation, reports_every_fault_at_once_in_form_order) {
    applicant empty;
    EXPECT_EQ(fault_fields(empty),
              (std::vector<std::string>{"first_name", "last_name", "email", "organisation", "role", "consent"}));

    applicant a = camille();
    a.first_name = "  Camille ";
    a.email = "pas-une-adresse";
    a.partner = "inconnue";
    auto faults = validate_all(a, config::builtin());
    ASSERT_EQ(faults.size(), 2u);
    EXPECT_EQ(faults[0].field, "email");
    EXPECT_NE(faults[0].message.find("ne semble pas valide"), std::string::npos) << faults[0].message;
    EXPECT_EQ(faults[1].field, "partner");
    EXPECT_EQ(a.first_name, "Camille") << "the valid fields are cleaned all the same";
}

TEST(validation, bounds_lengths_in_characters_not_bytes) {
    applicant a = camille();
    a.first_name = std::string(100, 'a');
    EXPECT_FALSE(fault_field(a));
    a.first_name = "";
    for (int i = 0; i < 100; ++i) a.first_name += "é";  // 200 bytes, 100 characters
    EXPECT_FALSE(fault_field(a));
    a.first_name += "é";
    EXPECT_EQ(fault_field(a), "first_name");
    a = camille();
    a.organisation = std::string(201, 'o');
    EXPECT_EQ(fault_field(a), "organisation");
    a = camille();
    a.role = std::string(151, 'r');
    EXPECT_EQ(fault_field(a), "role");
}

TEST(validation, rejects_line_breaks_and_control_characters) {
    for (const char* bad : {"Camille\r\nBcc: x@y.fr", "Cam\nille", "Cam\x01ille", "Cam\x7Fille", "Cam\xC2\x85ille",
                            "Cam\xE2\x80\xA8ille"}) {
        applicant a = camille();
        a.last_name = bad;
        EXPECT_EQ(fault_field(a), "last_name") << bad;
    }
}

TEST(validation, refuses_an_encoded_word_that_mail_programs_would_decode) {
    for (const char* bad : {"=?utf-8?B?QWRtaW4=?=", "Camille =?ISO-8859-1?Q?Lef=E8vre?="}) {
        applicant a = camille();
        a.first_name = bad;
        EXPECT_EQ(fault_field(a), "first_name") << bad;
    }
    applicant fine = camille();
    fine.last_name = "Égal = ?";
    EXPECT_EQ(fault_field(fine), std::nullopt);
}

// Each bidirectional control and zero-width character, refused in every name field with a
// French message; the letters on either side of them are fine.
TEST(validation, refuses_bidirectional_controls_and_zero_width_characters) {
    const std::vector<std::pair<const char*, const char*>> invisible = {
        {"U+202A", "\u202A"}, {"U+202B", "\u202B"}, {"U+202C", "\u202C"}, {"U+202D", "\u202D"},
        {"U+202E", "\u202E"}, {"U+2066", "\u2066"}, {"U+2067", "\u2067"}, {"U+2068", "\u2068"},
        {"U+2069", "\u2069"}, {"U+200E", "\u200E"}, {"U+200F", "\u200F"}, {"U+061C", "\u061C"},
        {"U+200B", "\u200B"}, {"U+200C", "\u200C"}, {"U+200D", "\u200D"}, {"U+2060", "\u2060"},
        {"U+FEFF", "\uFEFF"}};
    for (const auto& [name, ch] : invisible) {
        for (std::string applicant::*field : {&applicant::first_name, &applicant::last_name,
                                              &applicant::organisation, &applicant::role}) {
            applicant a = camille();
            a.*field = std::string("Lef") + ch + "èvre";
            auto faults = validate_all(a, config::builtin());
            ASSERT_EQ(faults.size(), 1u) << name;
            EXPECT_NE(faults[0].message.find("invisible"), std::string::npos) << faults[0].message;
            // At either end too, where trimming might have hidden it.
            a = camille();
            a.*field = std::string(ch) + "Camille";
            EXPECT_EQ(validate_all(a, config::builtin()).size(), 1u) << name << " at the start";
        }
    }
    applicant a = camille();
    a.first_name = "\u202Etnemucod";
    EXPECT_EQ(fault_fields(a), std::vector<std::string>{"first_name"});
    // Neighbouring characters that names do use stay accepted: the no-break space inside a
    // name, the apostrophe U+2019, the hyphen U+2010, Arabic and Hebrew letters.
    a = camille();
    a.first_name = "Zoé\u00A0Anne";
    a.last_name = "D\u2019Alembert\u2010Hébert";
    a.organisation = "جمعية";
    a.role = "מנהלת";
    EXPECT_TRUE(validate_all(a, config::builtin()).empty());
}

TEST(validation, checks_email_syntax) {
    for (const char* good : {"a@b.fr", "prenom.nom+colloque@mairie-de-nanterre.fr", "x_y@sub.domain.gouv.fr"})
        EXPECT_TRUE(is_valid_email(good)) << good;
    for (const char* bad : {"camille@", "@nanterre.fr", "camille", "camille@nanterre", "ca..mille@nanterre.fr",
                            ".camille@nanterre.fr", "camille.@nanterre.fr", "camille@-nanterre.fr",
                            "camille@nanterre.f", "camille@nanterre.123", "cam ille@nanterre.fr",
                            "camille@nanterre..fr", "camille@@nanterre.fr", "camille@nan_terre.fr"})
        EXPECT_FALSE(is_valid_email(bad)) << bad;
    applicant a = camille();
    a.email = "pas-une-adresse";
    auto faults = validate_all(a, config::builtin());
    ASSERT_EQ(faults.size(), 1u);
    EXPECT_EQ(faults[0].field, "email");
    EXPECT_NE(faults[0].message.find("ne semble pas valide"), std::string::npos);
}

TEST(validation, email_longer_than_254_is_refused) {
    applicant a = camille();
    a.email = std::string(60, 'a') + "@" + std::string(190, 'b') + ".fr";
    EXPECT_EQ(fault_field(a), "email");
}

TEST(validation, consent_must_be_given) {
    applicant a = camille();
    a.consent = false;
    EXPECT_EQ(fault_field(a), "consent");
}

TEST(validation, unknown_partner_is_refused) {
    applicant a = camille();
    a.partner = "inconnue";
    EXPECT_EQ(fault_field(a), "partner");
}

TEST(validation, normalised_email_ignores_case_and_spaces) {
    EXPECT_EQ(normalise_email("  Camille.Lefevre@Nanterre.FR "), "camille.lefevre@nanterre.fr");
}

}  // namespace
}  // namespace colloq::domain

#include "colloq/domain/text.hpp"

namespace colloq::domain {
namespace {

TEST(search_key, folds_case_and_french_accents) {
    EXPECT_EQ(search_key("Élodie ÉTIENNE"), "elodie etienne");
    EXPECT_EQ(search_key("Mairie de Saint-Étienne"), "mairie de saint-etienne");
    EXPECT_EQ(search_key("Œuvray Lætitia François Noël"), "oeuvray laetitia francois noel");
    EXPECT_EQ(search_key("Ça"), "ca");
    EXPECT_EQ(search_key("日本"), "日本");
}

}  // namespace
}  // namespace colloq::domain

namespace colloq::domain {
namespace {

TEST(validation, names_in_any_script_and_emoji_print_on_the_badge) {
    for (const char* name : {"Zoë", "Ελένη", "Олег", "محمد", "王小明", "Nguyễn Thị Bảo", "Zoë 🌻", "❤️", "Łukasz"}) {
        applicant a = camille();
        a.first_name = name;
        EXPECT_EQ(fault_field(a), std::nullopt) << name;
        EXPECT_EQ(first_unprintable(name), std::nullopt) << name;
    }
}

TEST(validation, a_character_no_font_has_is_refused_with_the_field_named) {
    applicant a = camille();
    a.last_name = "Dupont\uE000";  // private use: no font has it
    auto faults = validate_all(a, config::builtin());
    ASSERT_EQ(faults.size(), 1u);
    EXPECT_EQ(faults[0].field, "last_name");
    EXPECT_NE(faults[0].message.find("Le nom contient un caractère que le badge ne peut pas imprimer (U+E000)"),
              std::string::npos)
        << faults[0].message;
    a = camille();
    a.organisation = "Mairie \U000F0000";
    faults = validate_all(a, config::builtin());
    ASSERT_EQ(faults.size(), 1u);
    EXPECT_EQ(faults[0].field, "organisation");
    EXPECT_NE(faults[0].message.find("U+F0000"), std::string::npos) << faults[0].message;
}

}  // namespace
}  // namespace colloq::domain
