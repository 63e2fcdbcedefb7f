// A mailing is bulk mail: through a real SMTP server (aiosmtpd) and Python's email parser, its
// List-Id, List-Unsubscribe and List-Unsubscribe-Post (RFC 8058) lead to the person's own
// opt-out; the one-click POST stops the next mailings (the dry run's count too) but never the
// transactional e-mails; the manage page offers the same choice without JavaScript.
#include <thread>

#include <gtest/gtest.h>

#include "smtp_sink.hpp"
#include "staff_support.hpp"
#include "test_support.hpp"

namespace colloq_it {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

json::object to_confirmed(const std::string& subject) {
    return json::object{{"subject", subject},
                        {"body", "Bonjour {{prenom}},\n\nLe programme est en ligne."},
                        {"to", json::object{{"status", json::array{"confirmed"}}}}};
}

std::vector<mail_message> with_subject(const std::vector<mail_message>& all, const std::string& part) {
    std::vector<mail_message> out;
    for (const auto& m : all)
        if (text_has(m.subject, part)) out.push_back(m);
    return out;
}

TEST(mailings_opt_out, the_one_click_link_stops_mailings_but_not_transactional_mail) {
    smtp_sink sink;
    server_process server(config_with_smtp({}, sink.url(), 1));
    http_client client(server.base_url());
    auto admin = bearer(create_token(server, first_admin(server).email));
    auto anne = register_new(client, std::nullopt, "anne");
    auto bruno = register_new(client, std::nullopt, "bruno");
    ASSERT_EQ(anne.status, "confirmed");
    ASSERT_EQ(bruno.status, "confirmed");
    ASSERT_EQ(sink.wait_for(2, 20s), 2u);
    for (const auto& m : sink.messages()) {
        EXPECT_TRUE(m.list_unsubscribe.empty()) << "a confirmation is no bulk mail: " << m.list_unsubscribe;
        EXPECT_TRUE(m.list_id.empty()) << m.list_id;
    }

    ASSERT_EQ(client.post_json("/api/mailings", to_confirmed("Programme"), admin).status, 202);
    ASSERT_EQ(sink.wait_for(4, 30s), 4u);
    std::this_thread::sleep_for(300ms);
    auto first = with_subject(sink.messages(), "Programme");
    ASSERT_EQ(first.size(), 2u);
    std::string anne_unsubscribe;
    for (const auto& m : first) {
        EXPECT_EQ(m.list_id, std::string("<") + event_slug + ".example.org>");
        EXPECT_EQ(m.list_unsubscribe_post, "List-Unsubscribe=One-Click");
        ASSERT_EQ(m.list_unsubscribe.rfind("<http://colloq.test/m/", 0), 0u) << m.list_unsubscribe;
        ASSERT_EQ(m.list_unsubscribe.substr(m.list_unsubscribe.size() - 13), "/unsubscribe>") << m.list_unsubscribe;
        if (text_has(m.rcpt_to, "anne")) anne_unsubscribe = m.list_unsubscribe;
    }
    ASSERT_FALSE(anne_unsubscribe.empty());

    // The mail service's one-click POST: no cookie, no script, the RFC 8058 body.
    std::string path = anne_unsubscribe.substr(std::string("<http://colloq.test").size());
    path.pop_back();
    auto done = client.post_raw(path, "List-Unsubscribe=One-Click", "application/x-www-form-urlencoded");
    ASSERT_EQ(done.status, 200) << done.body;
    EXPECT_TRUE(text_has(done.body, "Vous ne recevrez plus les messages des organisateurs")) << done.body;
    EXPECT_EQ(client.post_raw(path, "List-Unsubscribe=One-Click", "application/x-www-form-urlencoded").status, 200)
        << "twice changes nothing";
    EXPECT_TRUE(client.get("/api/manage/" + anne.token).json().at("mailings_opt_out") == true);
    EXPECT_TRUE(client.get("/api/manage/" + bruno.token).json().at("mailings_opt_out") == false);
    auto record = client.get("/api/manage/" + anne.token + "/data").json();
    EXPECT_TRUE(record.at("registration").at("mailings_opt_out") == true) << record;
    EXPECT_TRUE(text_has(client.get("/m/" + anne.token).body, "Vous ne recevez plus les messages des organisateurs"));
    EXPECT_EQ(client.post_raw("/m/inconnu-inconnu-inconnu-00/unsubscribe", "List-Unsubscribe=One-Click",
                              "application/x-www-form-urlencoded").status,
              404);

    // The next mailing, and its dry run, leave her out.
    auto dry = client.post_json("/api/mailings?dry_run=1", to_confirmed("Salle"), admin);
    ASSERT_EQ(dry.status, 200) << dry.body;
    EXPECT_EQ(num(dry.json(), "recipients"), 1);
    auto sent = client.post_json("/api/mailings", to_confirmed("Salle"), admin);
    ASSERT_EQ(sent.status, 202) << sent.body;
    EXPECT_EQ(num(sent.json(), "recipients"), 1);

    // A transactional e-mail still goes: her confirmation, sent again by the staff.
    ASSERT_EQ(client.post_json("/api/registrations/" + anne.id + "/resend", json::object{}, admin).status, 200);
    ASSERT_EQ(sink.wait_for(6, 30s), 6u);
    std::this_thread::sleep_for(1s);
    auto all = sink.messages();
    EXPECT_EQ(all.size(), 6u);
    auto second = with_subject(all, "Salle");
    ASSERT_EQ(second.size(), 1u);
    EXPECT_TRUE(text_has(second[0].rcpt_to, "bruno")) << second[0].rcpt_to;
    int to_anne_after = 0;
    for (std::size_t i = 4; i < all.size(); ++i) to_anne_after += text_has(all[i].rcpt_to, "anne");
    EXPECT_EQ(to_anne_after, 1) << "her confirmation went";

    // The manage page's button: a plain form, the same route.
    auto page = client.get("/m/" + bruno.token).body;
    EXPECT_TRUE(text_has(page, "Ne plus recevoir les messages des organisateurs")) << page;
    EXPECT_TRUE(text_has(page, "action=\"/m/" + bruno.token + "/unsubscribe\"")) << page;
    EXPECT_EQ(client.post_form("/m/" + bruno.token + "/unsubscribe", {}).status, 200);
    EXPECT_TRUE(client.get("/api/manage/" + bruno.token).json().at("mailings_opt_out") == true);
}

}  // namespace
}  // namespace colloq_it
