// Staff mailings: the placeholders, the checks on a text, and the e-mail it becomes.
#include <gtest/gtest.h>

#include "colloq/mail/mailings.hpp"

namespace colloq::mail {
namespace {

message_context someone() {
    message_context c;
    c.first_name = "Anne";
    c.last_name = "Martin";
    c.manage_url = "https://colloque.example/m/7.secret";
    c.public_url = "https://colloque.example";
    c.organiser = "L'Inspiration politique";
    return c;
}

TEST(mailings, placeholders_are_filled_and_other_braces_left_alone) {
    EXPECT_EQ(fill_placeholders("Bonjour {{prenom}} {{nom}} : {{lien}}", someone()),
              "Bonjour Anne Martin : https://colloque.example/m/7.secret");
    EXPECT_EQ(fill_placeholders("{{prenom}}{{prenom}} {{ nom }} {x}", someone()), "AnneAnne {{ nom }} {x}");
    EXPECT_EQ(fill_placeholders("{{prenom", someone()), "{{prenom");
}

TEST(mailings, a_text_with_a_fault_is_refused_with_its_field) {
    EXPECT_FALSE(check_mailing_text("Salle", "Bonjour {{prenom}},\n\nLa salle change."));
    auto unknown = check_mailing_text("Salle", "Bonjour {{prénom}}");
    ASSERT_TRUE(unknown);
    EXPECT_EQ(unknown->field, "body");
    EXPECT_NE(unknown->message.find("{{prénom}}"), std::string::npos) << unknown->message;
    EXPECT_EQ(check_mailing_text("Objet {{lieu}}", "Texte")->field, "subject");
    EXPECT_EQ(check_mailing_text("", "Texte")->field, "subject");
    EXPECT_EQ(check_mailing_text("  ", "Texte")->field, "subject");
    EXPECT_EQ(check_mailing_text("Objet\r\nBcc: x@example.org", "Texte")->field, "subject");
    EXPECT_EQ(check_mailing_text("Objet", " \n ")->field, "body");
    EXPECT_EQ(check_mailing_text("Objet", std::string("a\0b", 3))->field, "body");
    EXPECT_EQ(check_mailing_text(std::string(max_subject_bytes + 1, 'a'), "Texte")->field, "subject");
    EXPECT_EQ(check_mailing_text("Objet", std::string(max_body_bytes + 1, 'a'))->field, "body");
}

TEST(mailings, a_subject_refuses_c1_controls_and_encoded_words) {
    EXPECT_EQ(check_mailing_text("Objet\u0085suite", "Texte")->field, "subject");  // NEL
    EXPECT_EQ(check_mailing_text("Objet\u009bsuite", "Texte")->field, "subject");  // CSI
    EXPECT_EQ(check_mailing_text("Objet\u2028suite", "Texte")->field, "subject");
    EXPECT_EQ(check_mailing_text("=?utf-8?B?QWRtaW4=?=", "Texte")->field, "subject");
    EXPECT_EQ(check_mailing_text("Re: =?ISO-8859-1?q?caf=E9?= demain", "Texte")->field, "subject");
    // What only looks like one part of it stays.
    EXPECT_FALSE(check_mailing_text("Quiz : 2 + 2 =? 4 ?=", "Texte"));
    EXPECT_FALSE(check_mailing_text("Café « =? » et « ?= »", "Texte"));
    EXPECT_FALSE(check_mailing_text("Salle Médicis — changement", "Texte"));
}

TEST(mailings, the_plain_part_is_the_text_and_the_html_part_escapes_it) {
    auto m = render_mailing("Salle pour {{prenom}}", "Bonjour {{prenom}},\n\n<b>Salle</b> & co\r\nLien : {{lien}}", someone(), false);
    EXPECT_EQ(m.subject, "Salle pour Anne");
    EXPECT_NE(m.text.find("Bonjour Anne,\n\n<b>Salle</b> & co\nLien : https://colloque.example/m/7.secret\n"),
              std::string::npos) << m.text;
    EXPECT_NE(m.html.find("&lt;b&gt;Salle&lt;/b&gt; &amp; co<br>Lien : <a href=\"https://colloque.example/m/7.secret\""),
              std::string::npos) << m.html;
    EXPECT_EQ(m.html.find("<b>Salle"), std::string::npos);
    EXPECT_FALSE(m.with_badge);
    EXPECT_TRUE(render_mailing("S", "T", someone(), true).with_badge);
}

}  // namespace
}  // namespace colloq::mail
