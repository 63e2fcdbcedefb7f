// Mailings written by staff, through a real SMTP server (aiosmtpd): each kind of recipient set,
// the placeholders and private links, the text escaped in the HTML part, a partner's staff
// limited to their own people, faults refused with nothing sent, and the transactional
// e-mails going out before those of a large mailing.
#include <regex>
#include <thread>

#include <gtest/gtest.h>

#include "badge_support.hpp"
#include "smtp_sink.hpp"
#include "staff_support.hpp"
#include "test_support.hpp"

namespace colloq_it {
namespace {

namespace json = boost::json;
namespace fs = std::filesystem;
using namespace std::chrono_literals;

// Capacity 2; Dircab approves its members.
server_options small_event() {
    server_options o;
    o.capacity = 2;
    o.partners = {{"dextera", "Dextera", 80, false}, {"dircab", "Dircab", 80, true}};
    return o;
}

std::vector<mail_message> with_subject(const std::vector<mail_message>& all, const std::string& part) {
    std::vector<mail_message> out;
    for (const auto& m : all)
        if (text_has(m.subject, part)) out.push_back(m);
    return out;
}

json::object mailing(const std::string& subject, const std::string& body, json::array statuses) {
    return json::object{{"subject", subject}, {"body", body}, {"to", json::object{{"status", std::move(statuses)}}}};
}

// GET /api/mailings until the first mailing has sent `sent`, or 30 s.
json::object wait_until_sent(http_client& client, const header_list& auth, int sent) {
    json::object first;
    for (int i = 0; i < 300; ++i) {
        auto list = client.get("/api/mailings", auth).json();
        const auto& mailings = list.as_object().at("mailings").as_array();
        if (!mailings.empty()) {
            first = mailings.front().as_object();
            if (first.at("sent").as_int64() >= sent) break;
        }
        std::this_thread::sleep_for(100ms);
    }
    return first;
}

TEST(mailings, admin_writes_to_chosen_statuses_with_names_links_and_escaped_html) {
    smtp_sink sink;
    server_process server(config_with_smtp(small_event(), sink.url(), 1));
    http_client client(server.base_url());
    auto admin = first_admin(server);
    auto auth = bearer(create_token(server, admin.email));

    auto anne = person(unique_email("anne"));
    anne["first_name"] = "Anne";
    anne["last_name"] = "Martin";
    auto a = register_body(client, anne);
    auto b = register_new(client, std::string("dextera"), "bruno");
    auto c = register_new(client, std::nullopt, "chloe");
    auto d = register_new(client, std::string("dircab"), "denis");
    ASSERT_EQ(a.status, "confirmed");
    ASSERT_EQ(b.status, "confirmed");
    ASSERT_EQ(c.status, "waitlisted");
    ASSERT_EQ(d.status, "pending");
    ASSERT_EQ(sink.wait_for(4, 20s), 4u);

    // Faults: each named, nothing stored, nothing sent.
    expect_invalid(client.post_json("/api/mailings", mailing("Salle", "Bonjour {{inconnu}}", {"confirmed"}), auth), "body");
    expect_invalid(client.post_json("/api/mailings", mailing("Ligne\r\nBcc: x@example.org", "Texte", {"confirmed"}), auth), "subject");
    expect_invalid(client.post_json("/api/mailings", mailing("", "Texte", {"confirmed"}), auth), "subject");
    expect_invalid(client.post_json("/api/mailings", mailing("Salle", "Texte", {"annulé"}), auth), "to.status");
    expect_invalid(client.post_json("/api/mailings", mailing("Salle", "Texte", json::array{}), auth), "to.status");
    auto unknown_partner = mailing("Salle", "Texte", {"confirmed"});
    unknown_partner["to"].as_object()["partner"] = "inconnue";
    expect_invalid(client.post_json("/api/mailings", unknown_partner, auth), "to.partner");
    expect_invalid(client.post_json("/api/mailings", json::object{{"subject", "Salle"}, {"body", "Texte"}}, auth), "to");
    EXPECT_EQ(client.get("/api/mailings", auth).json().at("mailings").as_array().size(), 0u);

    const std::string body = "Bonjour {{prenom}} {{nom}},\n\nLa salle change : <b>salle Médicis</b> & co.\n"
                             "Votre inscription : {{lien}}\n\nÀ bientôt";
    auto request = mailing("Changement de salle pour {{prenom}}", body, {"confirmed", "waitlisted"});
    request["attach_badge"] = true;

    // The dry run counts and shows the first recipient's e-mail; nothing is queued.
    auto dry = client.post_json("/api/mailings?dry_run=1", request, auth);
    ASSERT_EQ(dry.status, 200) << dry.body;
    auto preview = dry.json().as_object();
    EXPECT_EQ(preview.at("recipients").as_int64(), 3);
    EXPECT_EQ(str(preview.at("preview"), "subject"), "Changement de salle pour Anne");
    EXPECT_TRUE(text_has(str(preview.at("preview"), "text"), "Bonjour Anne Martin,")) << preview;
    std::this_thread::sleep_for(1s);
    EXPECT_EQ(sink.count(), 4u) << "a dry run sent e-mails";

    auto sent = client.post_json("/api/mailings", request, auth);
    ASSERT_EQ(sent.status, 202) << sent.body;
    EXPECT_EQ(num(sent.json(), "recipients"), 3);
    ASSERT_EQ(sink.wait_for(7, 30s), 7u);
    std::this_thread::sleep_for(500ms);
    temp_dir scratch;
    auto all = sink.messages(scratch.path());
    auto mails = with_subject(all, "Changement de salle");
    ASSERT_EQ(mails.size(), 3u) << "the pending registration must not get it";
    std::set<std::string> to;
    for (const auto& m : mails) {
        to.insert(m.rcpt_to);
        bool confirmed = !text_has(m.rcpt_to, "chloe");  // the waitlisted one
        EXPECT_TRUE(text_has(m.text, "La salle change : <b>salle Médicis</b> & co.")) << m.text;
        EXPECT_TRUE(text_has(m.html, "&lt;b&gt;salle Médicis&lt;/b&gt; &amp; co.")) << m.html;
        EXPECT_FALSE(text_has(m.html, "<b>salle")) << "the staff's text reached the HTML unescaped";
        bool has_badge = false;
        for (const auto& part : m.attachments()) has_badge = has_badge || part.filename == "badge.pdf";
        EXPECT_EQ(has_badge, confirmed) << m.rcpt_to << ": the badge goes to confirmed registrations only";
        // Each e-mail's own private link opens that person's registration.
        std::smatch link;
        ASSERT_TRUE(std::regex_search(m.text, link, std::regex("Votre inscription : http://colloq\\.test/m/(\\S+)"))) << m.text;
        auto mine = client.get("/api/manage/" + link[1].str());
        ASSERT_EQ(mine.status, 200);
        EXPECT_EQ(str(mine.json(), "email"), m.rcpt_to);
    }
    EXPECT_EQ(to.size(), 3u);
    auto anne_mail = std::find_if(mails.begin(), mails.end(), [&](const auto& m) { return m.rcpt_to == str(anne, "email"); });
    ASSERT_NE(anne_mail, mails.end());
    EXPECT_EQ(anne_mail->subject, "Changement de salle pour Anne");
    EXPECT_TRUE(text_has(anne_mail->text, "Bonjour Anne Martin,\n\nLa salle change")) << "the plain part is the text as written";

    auto progress = wait_until_sent(client, auth, 3);
    EXPECT_EQ(progress.at("recipients").as_int64(), 3);
    EXPECT_EQ(progress.at("sent").as_int64(), 3);
    EXPECT_EQ(progress.at("failed").as_int64(), 0);
    EXPECT_EQ(progress.at("queued").as_int64(), 0);
    EXPECT_EQ(str(progress, "staff"), admin.email);
    auto audit = client.get("/api/audit", auth).json().at("entries").as_array();
    bool audited = false;
    for (const auto& e : audit) audited = audited || str(e, "action") == "mailing";
    EXPECT_TRUE(audited) << "the mailing is in the audit trail";
}

TEST(mailings, partner_staff_reach_only_their_own_people_and_presence_filters) {
    smtp_sink sink;
    auto options = small_event();
    options.capacity = 10;
    server_process server(config_with_smtp(options, sink.url(), 1));
    http_client client(server.base_url());
    auto admin = bearer(create_token(server, first_admin(server).email));
    auto dextera = bearer(staff_token(server, "equipe@dextera.example", "partner", "dextera"));
    auto dircab = bearer(staff_token(server, "equipe@dircab.example", "partner", "dircab"));
    auto door = bearer(staff_token(server, "accueil@example.org", "door"));

    auto own = register_new(client, std::string("dextera"), "membre");
    register_new(client, std::nullopt, "public");
    register_new(client, std::nullopt, "public");
    ASSERT_EQ(sink.wait_for(3, 20s), 3u);

    auto request = mailing("Pour nos membres", "Bonjour {{prenom}}", {"confirmed"});
    auto dry = client.post_json("/api/mailings?dry_run=1", request, dextera);
    ASSERT_EQ(dry.status, 200) << dry.body;
    EXPECT_EQ(num(dry.json(), "recipients"), 1) << "a partner reaches its own registrations only";
    auto other = request;
    other["to"].as_object()["partner"] = "public";
    expect_error(client.post_json("/api/mailings", other, dextera), 403, "forbidden");
    expect_error(client.post_json("/api/mailings", request, door), 403, "forbidden");
    expect_error(client.post_json("/api/mailings", request, {}), 401, "unauthenticated");

    auto sent = client.post_json("/api/mailings", request, dextera);
    ASSERT_EQ(sent.status, 202) << sent.body;
    EXPECT_EQ(num(sent.json(), "recipients"), 1);
    ASSERT_EQ(sink.wait_for(4, 20s), 4u);
    std::this_thread::sleep_for(500ms);
    auto mails = with_subject(sink.messages(), "Pour nos membres");
    ASSERT_EQ(mails.size(), 1u);
    EXPECT_TRUE(text_has(mails[0].rcpt_to, "membre")) << mails[0].rcpt_to;

    EXPECT_EQ(client.get("/api/mailings", dextera).json().at("mailings").as_array().size(), 1u);
    EXPECT_EQ(client.get("/api/mailings", admin).json().at("mailings").as_array().size(), 1u);
    EXPECT_EQ(client.get("/api/mailings", dircab).json().at("mailings").as_array().size(), 0u)
        << "another partner does not see it";

    // Checked in or not: the admin writes to those who came, then to those who did not.
    temp_dir scratch;
    std::string ticket = badge_kit::ticket_of(client, own.token, scratch.path());
    ASSERT_EQ(client.post_json("/api/checkin", json::object{{"ticket", ticket}}, door).status, 200);
    auto came = mailing("Merci d'être venu", "Texte", {"confirmed"});
    came["to"].as_object()["checked_in"] = true;
    EXPECT_EQ(num(client.post_json("/api/mailings?dry_run=1", came, admin).json(), "recipients"), 1);
    came["to"].as_object()["checked_in"] = false;
    EXPECT_EQ(num(client.post_json("/api/mailings?dry_run=1", came, admin).json(), "recipients"), 2);
    came["to"].as_object()["checked_in"] = "oui";
    expect_invalid(client.post_json("/api/mailings?dry_run=1", came, admin), "to.checked_in");
}

// CSV lines for `n` invitees, imported without e-mail.
std::string invitees_csv(int n) {
    std::string csv = "Nom;Prénom;E-mail;Collectivité ou organisme;Fonction\n";
    for (int i = 0; i < n; ++i)
        csv += "Invité" + std::to_string(i) + ";Camille;invite" + std::to_string(i) + "@example.org;Ville;DGS\n";
    return csv;
}

TEST(mailings, a_confirmation_overtakes_a_mailing_to_2000) {
    smtp_sink sink;
    server_options options;
    options.capacity = 3000;
    server_process server(config_with_smtp(options, sink.url(), 1));
    http_client client(server.base_url());
    auto admin = bearer(create_token(server, first_admin(server).email));
    auto imported = client.post_raw("/api/imports/registrations?send_email=0", invitees_csv(2000), "text/csv", admin);
    ASSERT_EQ(imported.status, 200) << imported.body;

    auto sent = client.post_json("/api/mailings", mailing("Programme mis à jour", "Bonjour {{prenom}},\n\nLe programme change.", {"confirmed"}), admin);
    ASSERT_EQ(sent.status, 202) << sent.body;
    EXPECT_EQ(num(sent.json(), "recipients"), 2000);
    ASSERT_GE(sink.wait_for(20, 60s), 20u) << "the mailing did not start";

    std::string email = unique_email("pressee");
    int accepted_then = sink.replies("RCPT", "", 250);
    auto reg = register_body(client, person(email));
    ASSERT_EQ(reg.status, "confirmed");
    for (int i = 0; i < 300 && sink.replies("RCPT", email, 250) == 0; ++i) std::this_thread::sleep_for(100ms);
    ASSERT_EQ(sink.replies("RCPT", email, 250), 1) << "the confirmation never came";
    // The mailing goes on after it (one more e-mail is enough to see it was overtaken).
    int accepted_with_it = sink.replies("RCPT", "", 250);
    for (int i = 0; i < 300 && sink.replies("RCPT", "", 250) == accepted_with_it; ++i)
        std::this_thread::sleep_for(100ms);

    // Count the mailing's e-mails accepted before and after the confirmation's.
    auto events = sink.events();
    int before = 0, after = 0;
    bool seen = false;
    for (const auto& e : events) {
        if (e.command != "RCPT" || e.reply != 250) continue;
        if (e.address == email) seen = true;
        else (seen ? after : before)++;
    }
    EXPECT_GT(after, 0) << "the mailing was over before the confirmation: nothing was overtaken";
    // The worker finishes the few mailing e-mails in hand (five at a time), then the confirmation.
    EXPECT_LE(before - accepted_then, 30) << "the confirmation waited behind the mailing";
    std::cerr << "[mailings] confirmation sent after " << before << " of the mailing's 2,000 e-mails\n";
    auto mine = with_subject(sink.messages(), "Inscription confirmée");
    ASSERT_EQ(mine.size(), 1u);
    EXPECT_EQ(mine[0].rcpt_to, email);
}

}  // namespace
}  // namespace colloq_it
