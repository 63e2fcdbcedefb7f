// Names that disguise how they read are refused: a bidirectional override (U+202E) makes
// « Martin\u202Eeid » read « Martindie »; a zero-width space makes two names that look the
// same differ. Played against the real server, on registration and on a staff correction.
#include <gtest/gtest.h>

#include "badge_support.hpp"
#include "sqlite_file.hpp"
#include "test_support.hpp"

namespace colloq_it {
namespace {

namespace json = boost::json;

void expect_refused(const http_response& r, const std::string& field) {
    EXPECT_EQ(r.status, 422) << r.body;
    if (r.status != 422) return;
    auto o = r.json().as_object();
    EXPECT_EQ(std::string(o.at("error").as_string()), "invalid") << r.body;
    EXPECT_EQ(std::string(o.at("field").as_string()), field) << r.body;
    EXPECT_NE(std::string(o.at("message").as_string()).find("invisible"), std::string::npos) << r.body;
}

TEST(name_characters, registration_refuses_bidirectional_and_zero_width_characters) {
    server_process server;
    http_client client(server.base_url());
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"last_name", "Martin\u202Eeid"},     {"first_name", "Cam\u200Bille"},
        {"organisation", "Mairie\u2066 de Lyon"}, {"role", "Maire\u200F"},
        {"first_name", "\uFEFFAnne"},           {"last_name", "Du\u061Cpont"},
        {"organisation", "Ville\u2060de Paris"}, {"role", "Adjointe\u202A"}};
    for (const auto& [field, value] : cases) {
        auto body = person(unique_email("invisible"));
        body[field] = value;
        expect_refused(client.post_json("/api/registrations", body), field);
    }
    sqlite_file db(server.db_path());
    EXPECT_EQ(db.registrations(), 0) << "a refused name was stored";
    // The same names without the invisible characters register.
    auto body = person(unique_email("visible"));
    body["last_name"] = "Martin";
    body["first_name"] = "Camille";
    EXPECT_EQ(client.post_json("/api/registrations", body).status, 201);
}

TEST(name_characters, staff_corrections_refuse_them_too) {
    server_process server;
    http_client client(server.base_url());
    auto reg = register_body(client, person(unique_email("correction")));
    ASSERT_EQ(reg.response.status, 201) << reg.response.body;
    auto admin = bearer(badge_kit::api_token(server, badge_kit::admin_email));
    std::string path = "/api/registrations/" + reg.id;
    expect_refused(client.patch_json(path, json::object{{"last_name", "Dupont\u202Eelleb"}}, admin), "last_name");
    expect_refused(client.patch_json(path, json::object{{"first_name", "Lé\u200Dna"}}, admin), "first_name");
    expect_refused(client.patch_json(path, json::object{{"organisation", "\u2067CCAS"}}, admin), "organisation");
    expect_refused(client.patch_json(path, json::object{{"role", "DGS\u200E"}}, admin), "role");
    sqlite_file db(server.db_path());
    auto row = db.rows("SELECT first_name, last_name, organisation, role FROM registrations WHERE id = ?", {reg.id});
    ASSERT_EQ(row.size(), 1u);
    for (const auto& value : row[0])
        EXPECT_EQ(value.value_or("").find("\xE2\x80"), std::string::npos) << "stored: " << value.value_or("");
    EXPECT_EQ(client.patch_json(path, json::object{{"last_name", "Dupont-Belle"}}, admin).status, 200);
}

}  // namespace
}  // namespace colloq_it
