// What a partner's import may learn and do: an address registered outside its scope is said to
// be taken and nothing more, dry runs are in the audit trail, the registration window holds for
// a partner (not for an organiser); an export read back loses the apostrophes that protected
// its formulas, and its erased rows are left out with a notice.
#include <gtest/gtest.h>

#include "staff_support.hpp"
#include "test_support.hpp"

namespace colloq_it {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

const char* const header = "Nom;Prénom;E-mail;Collectivité ou organisme;Fonction\n";

http_response import(http_client& client, const std::string& file, const header_list& auth,
                     const std::string& query = "") {
    return client.post_raw("/api/imports/registrations" + query, file, "text/csv", auth);
}

TEST(import_rules, a_partner_learns_nothing_of_registrations_outside_its_scope) {
    server_process server;
    http_client client(server.base_url());
    auto admin = bearer(create_token(server, first_admin(server).email));
    auto dextera = bearer(staff_token(server, "equipe@dextera.org", "partner", "dextera"));
    auto by_public = register_body(client, person("publique@exemple.fr"));
    auto by_dircab = register_body(client, person("dircab@exemple.fr", std::string("dircab")));
    auto own = register_body(client, person("maison@exemple.fr", std::string("dextera")));
    ASSERT_EQ(by_dircab.response.status, 201);
    std::string file = std::string(header) + "Autre;Nom;publique@exemple.fr;Mairie;Maire\n"
                                             "Autre;Nom;DIRCAB@exemple.fr;Mairie;Maire\n"
                                             "Sien;Nom;maison@exemple.fr;Mairie;Maire\n"
                                             "Neuf;Nom;neuf@exemple.fr;Mairie;Maire\n";
    for (const char* query : {"?dry_run=1", ""}) {
        auto r = import(client, file, dextera, query);
        ASSERT_EQ(r.status, 200) << r.body;
        json::value answer = r.json();
        const auto& lines = answer.at("lines").as_array();
        ASSERT_EQ(lines.size(), 4u);
        for (std::size_t i : {0u, 1u}) {
            EXPECT_EQ(str(lines[i], "result"), "already_registered") << query;
            EXPECT_FALSE(has(lines[i], "id")) << "another's registration: " << json::serialize(lines[i]);
            EXPECT_FALSE(has(lines[i], "status")) << json::serialize(lines[i]);
            EXPECT_FALSE(has(lines[i], "last_name")) << json::serialize(lines[i]);
            EXPECT_TRUE(looks_french(str(lines[i], "message"))) << json::serialize(lines[i]);
        }
        EXPECT_EQ(str(lines[0], "message"), str(lines[1], "message")) << "the public's and another partner's alike";
        EXPECT_EQ(str(lines[2], "result"), "already_registered");
        EXPECT_EQ(id_text(lines[2].at("id")), own.id) << "its own registration it may see";
        EXPECT_EQ(num(answer, "already_registered"), 3);
        EXPECT_EQ(num(answer, "created"), 1);
    }
    auto r = import(client, file, admin, "?dry_run=1");
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(id_text(r.json().at("lines").as_array()[0].at("id")), by_public.id) << "an organiser sees every one";

    // The dry runs are in the audit trail, with who ran them.
    int dry_runs = 0;
    json::value audit = client.get("/api/audit", admin).json();
    for (const auto& e : audit.at("entries").as_array())
        if (str(e, "action") == "import_dry_run") {
            ++dry_runs;
            EXPECT_FALSE(is_null(e, "staff"));
        }
    EXPECT_EQ(dry_runs, 2);
}

TEST(import_rules, a_partner_imports_within_the_registration_window_an_organiser_at_any_time) {
    server_options o;
    o.registration_closes_at = utc_from_now(-1h);
    server_process server(o);
    http_client client(server.base_url());
    auto admin = bearer(create_token(server, first_admin(server).email));
    auto dextera = bearer(staff_token(server, "equipe@dextera.org", "partner", "dextera"));
    std::string file = std::string(header) + "Tardive;Une;tardive@exemple.fr;Mairie;Maire\n";
    auto late = import(client, file, dextera);
    expect_error(late, 403, "registration_closed");
    expect_error(import(client, file, dextera, "?dry_run=1"), 403, "registration_closed");
    EXPECT_TRUE(staff_list(client, admin).empty()) << "nothing written";
    auto by_admin = import(client, file + "Invitee;Une;invitee@exemple.fr;Mairie;Maire\n", admin, "?partner=dextera");
    ASSERT_EQ(by_admin.status, 200) << by_admin.body;
    EXPECT_EQ(num(by_admin.json(), "created"), 2);
}

TEST(import_rules, an_export_read_back_keeps_its_formulas_as_typed_and_leaves_erased_rows_out) {
    server_process source;
    http_client client(source.base_url());
    auto admin = bearer(create_token(source, first_admin(source).email));
    auto body = person("formule@exemple.fr");
    body["organisation"] = "=SUM(1+1)";
    body["role"] = "-Directrice";
    ASSERT_EQ(register_body(client, body).response.status, 201);
    auto gone = register_new(client, std::nullopt, "effacee-export");
    ASSERT_EQ(client.post_json("/api/registrations/" + gone.id + "/erase", json::object{}, admin).status, 200);
    auto csv = client.get("/api/exports/registrations.csv", admin);
    ASSERT_EQ(csv.status, 200);
    ASSERT_TRUE(text_has(csv.body, "'=SUM(1+1)")) << "the export protects the cell";

    server_process target;
    http_client other(target.base_url());
    auto target_admin = bearer(create_token(target, first_admin(target).email));
    auto r = import(other, csv.body, target_admin);
    ASSERT_EQ(r.status, 200) << r.body;
    json::value answer = r.json();
    EXPECT_EQ(num(answer, "created"), 1);
    const auto& notices = answer.at("notices").as_array();
    ASSERT_EQ(notices.size(), 1u) << r.body;
    EXPECT_EQ(num(notices[0], "line"), 3);
    EXPECT_TRUE(looks_french(str(notices[0], "message")));
    auto list = staff_list(other, target_admin);
    ASSERT_EQ(list.size(), 1u);
    EXPECT_EQ(str(list[0], "organisation"), "=SUM(1+1)");
    EXPECT_EQ(str(list[0], "role"), "-Directrice");
}

}  // namespace
}  // namespace colloq_it
