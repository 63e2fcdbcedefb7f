// What one staff account may send in a day, counted in the database: the e-mails of its imports
// and mailings together ([limits] staff_emails_per_day), and 20 mailings; past either, 429 with
// nothing written, and a restart forgets nothing.
#include <gtest/gtest.h>

#include "staff_support.hpp"
#include "test_support.hpp"

namespace colloq_it {
namespace {

namespace json = boost::json;

json::object mailing_to(std::initializer_list<const char*> statuses) {
    json::array to;
    for (const char* s : statuses) to.emplace_back(s);
    return json::object{{"subject", "Informations pratiques"},
                        {"body", "Bonjour {{prenom}}, tout est sur {{lien}}."},
                        {"to", json::object{{"status", std::move(to)}}}};
}

std::string invitees(int from, int to) {
    std::string file = "Nom;Prénom;E-mail;Collectivité ou organisme;Fonction\n";
    for (int i = from; i <= to; ++i)
        file += "Invité" + std::to_string(i) + ";Camille;budget" + std::to_string(i) + "@exemple.fr;Mairie;Maire\n";
    return file;
}

http_response import(http_client& client, const std::string& file, const header_list& auth, const std::string& query = "") {
    return client.post_raw("/api/imports/registrations" + query, file, "text/csv", auth);
}

std::size_t mailings_listed(http_client& client, const header_list& auth) {
    return client.get("/api/mailings", auth).json().at("mailings").as_array().size();
}

TEST(staff_budget, imports_and_mailings_share_one_daily_budget_of_emails_that_a_restart_keeps) {
    server_options o;
    o.limits_lines.push_back("staff_emails_per_day = 5");
    server_process server(o);
    std::optional<http_client> client(std::in_place, server.base_url());
    auto partner = bearer(staff_token(server, "equipe@dextera.org", "partner", "dextera"));
    auto admin = bearer(create_token(server, first_admin(server).email));

    ASSERT_EQ(import(*client, invitees(1, 3), partner).status, 200) << "3 e-mails of 5";
    expect_error(client->post_json("/api/mailings", mailing_to({"confirmed"}), partner), 429, "rate_limited");
    EXPECT_EQ(mailings_listed(*client, admin), 0u) << "3 + 3 would pass 5: nothing queued";
    auto too_many = import(*client, invitees(4, 6), partner);
    expect_error(too_many, 429, "rate_limited");
    EXPECT_FALSE(too_many.header("retry-after").empty());
    EXPECT_EQ(staff_list(*client, admin).size(), 3u) << "nothing written";
    EXPECT_EQ(import(*client, invitees(4, 6), partner, "?dry_run=1").status, 200) << "a dry run sends nothing";
    EXPECT_EQ(import(*client, invitees(4, 6), partner, "?send_email=0").status, 200) << "no e-mail, no spending";
    EXPECT_EQ(import(*client, invitees(7, 8), admin).status, 200) << "another account has its own budget";

    server.restart();
    client.emplace(server.base_url());
    expect_error(import(*client, invitees(9, 11), partner), 429, "rate_limited");
    ASSERT_EQ(import(*client, invitees(9, 10), partner).status, 200) << "the last 2 of the day";
    expect_error(import(*client, invitees(11, 11), partner), 429, "rate_limited");
    EXPECT_EQ(staff_list(*client, admin).size(), 10u);
}

TEST(staff_budget, twenty_mailings_a_day_per_account_across_a_restart) {
    server_process server;
    std::optional<http_client> client(std::in_place, server.base_url());
    auto admin = bearer(create_token(server, first_admin(server).email));
    for (int i = 0; i < 12; ++i)
        ASSERT_EQ(client->post_json("/api/mailings", mailing_to({"cancelled"}), admin).status, 202) << i;
    server.restart();
    client.emplace(server.base_url());
    for (int i = 12; i < 20; ++i)
        ASSERT_EQ(client->post_json("/api/mailings", mailing_to({"cancelled"}), admin).status, 202) << i;
    auto refused = client->post_json("/api/mailings", mailing_to({"cancelled"}), admin);
    expect_error(refused, 429, "rate_limited");
    EXPECT_FALSE(refused.header("retry-after").empty());
    EXPECT_EQ(mailings_listed(*client, admin), 20u);
    EXPECT_EQ(client->post_json("/api/mailings?dry_run=1", mailing_to({"cancelled"}), admin).status, 200)
        << "a preview is not a mailing";
}

}  // namespace
}  // namespace colloq_it
