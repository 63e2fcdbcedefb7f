#include <gtest/gtest.h>

#include "colloq/mail/letter.hpp"
#include "colloq/mail/messages.hpp"

namespace colloq::mail {
namespace {

const message_kind all_kinds[] = {message_kind::confirmed,  message_kind::waitlisted,
                                  message_kind::promoted,   message_kind::pending,
                                  message_kind::cancelled,  message_kind::already_registered,
                                  message_kind::approved,   message_kind::declined};

message_context context(std::string status = "confirmed") {
    message_context c;
    c.event_title = "L'IA dans les collectivités territoriales : quels besoins, quels outils, quelle éthique ?";
    c.event_date = "jeudi 10 octobre 2024, 9 h 00 – 13 h 00";
    c.venue = "Sénat, Palais du Luxembourg, 15 rue de Vaugirard, 75006 Paris";
    c.organiser = "L'Inspiration politique";
    c.contact_email = "contact@example.org";
    c.public_url = "https://colloque.example.org";
    c.first_name = "Hélène";
    c.last_name = "Lefèvre";
    c.organisation = "Communauté de communes du Pays de Gex";
    c.role = "Directrice de cabinet";
    c.partner_name = "Dextera";
    c.status = std::move(status);
    c.waitlist_position = 3;
    c.manage_url = "https://colloque.example.org/m/Zx9_token-42";
    return c;
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

TEST(mail_messages, kinds_read_from_the_outbox_text) {
    for (auto kind : all_kinds) EXPECT_EQ(message_kind_from(to_string(kind)), kind);
    EXPECT_EQ(message_kind_from("already_registered"), message_kind::already_registered);
    EXPECT_FALSE(message_kind_from("Confirmed"));
    EXPECT_FALSE(message_kind_from(""));
}

TEST(mail_messages, every_kind_names_the_person_and_gives_the_links) {
    for (auto kind : all_kinds) {
        SCOPED_TRACE(std::string(to_string(kind)));
        auto c = context(kind == message_kind::waitlisted ? "waitlisted"
                         : kind == message_kind::pending  ? "pending"
                         : kind == message_kind::cancelled || kind == message_kind::declined ? "cancelled"
                                                                                            : "confirmed");
        auto m = render_message(kind, c);
        EXPECT_TRUE(has(m.subject, "collectivités territoriales"));
        for (const auto* body : {&m.text, &m.html}) {
            EXPECT_TRUE(has(*body, "Hélène Lefèvre"));
            EXPECT_TRUE(has(*body, c.manage_url));
            EXPECT_TRUE(has(*body, "Bonjour"));
            // The footer: who organises, whom to write to, the privacy notice.
            EXPECT_TRUE(has(*body, "Inspiration politique"));
            EXPECT_TRUE(has(*body, "contact@example.org"));
            EXPECT_TRUE(has(*body, "https://colloque.example.org/confidentialite"));
        }
        EXPECT_TRUE(has(m.html, "href=\"" + c.manage_url + "\""));
        EXPECT_TRUE(has(m.html, "href=\"mailto:contact@example.org\""));
        EXPECT_TRUE(has(m.html, "<html lang=\"fr\">"));
        EXPECT_TRUE(has(m.html, "max-width:600px"));
    }
}

TEST(mail_messages, plain_text_and_html_are_clean) {
    for (auto kind : all_kinds) {
        SCOPED_TRACE(std::string(to_string(kind)));
        auto m = render_message(kind, context());
        EXPECT_FALSE(has(m.text, "<")) << m.text;
        EXPECT_FALSE(has(m.text, "&amp;"));
        EXPECT_FALSE(has(m.text, "&#39;"));
        EXPECT_FALSE(has(m.html, "<script"));
        EXPECT_FALSE(has(m.html, "<style"));
        EXPECT_FALSE(has(m.html, "src=\"http"));
        EXPECT_FALSE(has(m.subject, "\n"));
    }
}

TEST(mail_messages, french_punctuation_takes_a_no_break_space) {
    for (auto kind : all_kinds) {
        SCOPED_TRACE(std::string(to_string(kind)));
        auto m = render_message(kind, context());
        for (const auto* s : {&m.subject, &m.text, &m.html})
            for (const char* wrong : {" :", " ;", " ?", " !", " »", "« "}) EXPECT_FALSE(has(*s, wrong)) << wrong;
        EXPECT_TRUE(has(m.subject, "\u00A0: L'IA dans les collectivités territoriales\u00A0: quels besoins"));
    }
    EXPECT_EQ(french_spacing("Date : « oui » ; non ? si ! http://x"),
              "Date\u00A0: «\u00A0oui\u00A0»\u00A0; non\u00A0? si\u00A0! http://x");
}

TEST(mail_messages, confirmed_carries_the_badge_and_what_to_bring) {
    auto c = context();
    auto m = render_message(message_kind::confirmed, c);
    EXPECT_TRUE(m.with_badge);
    EXPECT_TRUE(has(m.subject, "Inscription confirmée"));
    EXPECT_TRUE(has(m.text, "pièce d'identité"));
    EXPECT_TRUE(has(m.html, "pièce d&#39;identité"));
    EXPECT_TRUE(has(m.text, c.event_date));
    EXPECT_TRUE(has(m.text, c.venue));
    EXPECT_TRUE(has(m.text, "contrôle de sécurité"));
    EXPECT_TRUE(has(m.text, "Arrivez en avance"));
    EXPECT_TRUE(has(m.text, "liste d'attente"));
    EXPECT_TRUE(has(m.text, ".ics"));
    EXPECT_TRUE(has(m.text, "PDF"));
    EXPECT_TRUE(has(m.text, "Communauté de communes du Pays de Gex"));
    EXPECT_TRUE(has(m.text, "Dextera"));
    EXPECT_TRUE(has(m.html, "<img src=\"cid:badge-qr@colloq\" alt=\"QR code de votre badge\" width=\"240\" height=\"240\""));
    EXPECT_EQ(badge_content_id, "badge-qr@colloq") << "an addr-spec (RFC 2392)";
}

TEST(mail_messages, promoted_says_a_seat_freed_up) {
    auto m = render_message(message_kind::promoted, context());
    EXPECT_TRUE(m.with_badge);
    EXPECT_TRUE(has(m.subject, "Une place s'est libérée"));
    EXPECT_TRUE(has(m.text, "une place s'est libérée"));
    EXPECT_TRUE(has(m.text, "pièce d'identité"));
    EXPECT_TRUE(has(m.html, "cid:badge-qr"));
}

TEST(mail_messages, waitlisted_gives_the_position_and_no_badge) {
    auto m = render_message(message_kind::waitlisted, context("waitlisted"));
    EXPECT_FALSE(m.with_badge);
    EXPECT_TRUE(has(m.subject, "Liste d'attente"));
    EXPECT_TRUE(has(m.text, "en position 3"));
    EXPECT_TRUE(has(m.html, "en position 3"));
    EXPECT_TRUE(has(m.text, "rien à faire"));
    EXPECT_TRUE(has(m.text, "avec votre badge"));
    EXPECT_FALSE(has(m.html, "cid:"));
}

TEST(mail_messages, approval_follows_the_current_status) {
    auto confirmed = render_message(message_kind::approved, context("confirmed"));
    EXPECT_TRUE(confirmed.with_badge);
    EXPECT_TRUE(has(confirmed.text, "Dextera a validé"));
    EXPECT_TRUE(has(confirmed.html, "cid:badge-qr"));

    auto c = context("waitlisted");
    c.waitlist_position = 4;
    auto waiting = render_message(message_kind::approved, c);
    EXPECT_FALSE(waiting.with_badge);
    EXPECT_TRUE(has(waiting.text, "Dextera a validé"));
    EXPECT_TRUE(has(waiting.text, "en position 4"));
    EXPECT_FALSE(has(waiting.html, "cid:"));

    // A badge email for a registration cancelled since it was queued must not carry a badge.
    auto gone = render_message(message_kind::confirmed, context("cancelled"));
    EXPECT_FALSE(gone.with_badge);
    EXPECT_TRUE(has(gone.subject, "Inscription annulée"));
}

TEST(mail_messages, pending_names_the_partner_association) {
    auto m = render_message(message_kind::pending, context("pending"));
    EXPECT_FALSE(m.with_badge);
    EXPECT_TRUE(has(m.subject, "attente de validation"));
    EXPECT_TRUE(has(m.text, "validation par l'association partenaire Dextera"));
}

TEST(mail_messages, cancelled_offers_to_register_again) {
    auto m = render_message(message_kind::cancelled, context("cancelled"));
    EXPECT_FALSE(m.with_badge);
    EXPECT_TRUE(has(m.subject, "Inscription annulée"));
    EXPECT_TRUE(has(m.text, "est annulée"));
    EXPECT_TRUE(has(m.text, "\nhttps://colloque.example.org/\n"));
    EXPECT_TRUE(has(m.html, "href=\"https://colloque.example.org/\""));

    auto c = context("cancelled");
    c.public_url = "https://colloque.example.org/";
    EXPECT_TRUE(has(render_message(message_kind::cancelled, c).text, "\nhttps://colloque.example.org/\n"));
    EXPECT_TRUE(has(render_message(message_kind::cancelled, c).text, "https://colloque.example.org/confidentialite"));
}

TEST(mail_messages, declined_says_so_and_whom_to_ask) {
    auto m = render_message(message_kind::declined, context("cancelled"));
    EXPECT_FALSE(m.with_badge);
    EXPECT_TRUE(has(m.text, "Dextera n'a pas validé"));
    EXPECT_TRUE(has(m.text, "vous pouvez nous écrire à contact@example.org"));
}

TEST(mail_messages, already_registered_gives_the_link_again) {
    auto m = render_message(message_kind::already_registered, context("waitlisted"));
    EXPECT_FALSE(m.with_badge);
    EXPECT_TRUE(has(m.text, "rien n'a été modifié"));
    EXPECT_TRUE(has(m.text, "probablement par vous"));
    EXPECT_TRUE(has(m.text, "vous n'avez rien à faire"));
    EXPECT_TRUE(has(m.text, "En liste d'attente (position 3)"));
}

TEST(mail_messages, every_value_is_escaped_in_html) {
    auto c = context();
    c.first_name = "<script>alert(1)</script>";
    c.last_name = "O'Brien & \"Fils\"";
    c.organisation = "<b>Mairie</b>";
    c.manage_url = "https://colloque.example.org/m/a\"onmouseover=\"x";
    for (auto kind : all_kinds) {
        SCOPED_TRACE(std::string(to_string(kind)));
        auto m = render_message(kind, c);
        EXPECT_FALSE(has(m.html, "<script"));
        EXPECT_FALSE(has(m.html, "<b>"));
        EXPECT_FALSE(has(m.html, "\"onmouseover"));
        EXPECT_TRUE(has(m.html, "&lt;script&gt;alert(1)&lt;/script&gt;"));
        EXPECT_TRUE(has(m.html, "O&#39;Brien &amp; &quot;Fils&quot;"));
        // Plain text is not HTML: the name reads as typed.
        EXPECT_TRUE(has(m.text, "Bonjour <script>alert(1)</script> O'Brien & \"Fils\","));
    }
}

TEST(mail_messages, without_a_partner_the_wording_stays_whole) {
    auto c = context("pending");
    c.partner_name.clear();
    auto m = render_message(message_kind::pending, c);
    EXPECT_TRUE(has(m.text, "validation par l'association partenaire."));
    auto confirmed = render_message(message_kind::confirmed, context());
    c = context();
    c.partner_name.clear();
    EXPECT_FALSE(has(render_message(message_kind::confirmed, c).text, "Association partenaire"));
    EXPECT_TRUE(has(confirmed.text, "Association partenaire\u00A0: Dextera"));
}

}  // namespace
}  // namespace colloq::mail
