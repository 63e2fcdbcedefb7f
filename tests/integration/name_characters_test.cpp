// Names that disguise how they read are refused: a bidirectional override (U+202E) makes
// « Martin\u202Eeid » read « Martindie »; a zero-width space makes two names that look the
// same differ. Played against the real server, on registration and on a staff correction.
#include <gtest/gtest.h>

#include "badge_support.hpp"
#include "server_database.hpp"
#include "staff_support.hpp"
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
    server_database db(server);
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
    server_database db(server);
    auto row = db.rows("SELECT first_name, last_name, organisation, role FROM registrations WHERE id = ?", {reg.id});
    ASSERT_EQ(row.size(), 1u);
    for (const auto& value : row[0])
        EXPECT_EQ(value.value_or("").find("\xE2\x80"), std::string::npos) << "stored: " << value.value_or("");
    EXPECT_EQ(client.patch_json(path, json::object{{"last_name", "Dupont-Belle"}}, admin).status, 200);
}

// A character no installed font has would print as a box of hex digits on the badge: it is
// refused, the field named; names in other scripts and emoji register and print.
TEST(name_characters, a_character_the_badge_cannot_print_is_refused_and_other_scripts_register) {
    server_process server;
    http_client client(server.base_url());
    auto admin = bearer(badge_kit::api_token(server, badge_kit::admin_email));
    for (const auto& [field, value] : std::vector<std::pair<std::string, std::string>>{
             {"last_name", "Dupont\uE000"}, {"first_name", "\U000F0001Anne"}}) {
        auto body = person(unique_email("boite"));
        body[field] = value;
        http_response r = client.post_json("/api/registrations", body);
        ASSERT_EQ(r.status, 422) << r.body;
        auto o = r.json().as_object();
        EXPECT_EQ(std::string(o.at("field").as_string()), field) << r.body;
        std::string message(o.at("message").as_string());
        EXPECT_NE(message.find("ne peut pas imprimer"), std::string::npos) << r.body;
        EXPECT_NE(message.find(field == "last_name" ? "Le nom" : "Le prénom"), std::string::npos) << r.body;
    }
    auto body = person(unique_email("ecritures"));
    body["first_name"] = "Ελένη 🌻";
    body["last_name"] = "王小明";
    auto reg = register_body(client, body);
    ASSERT_EQ(reg.response.status, 201) << reg.response.body;
    http_response pdf = client.get("/m/" + reg.token + "/badge.pdf");
    ASSERT_EQ(pdf.status, 200);
    std::string text;
    for (char c : pdf_text(pdf.body))
        if (c != ' ' && c != '\n') text += c;
    EXPECT_NE(text.find("Ελένη"), std::string::npos) << text;
    EXPECT_NE(text.find("王小明"), std::string::npos) << text;
    // A staff correction is held to the same rule.
    http_response edit = client.patch_json("/api/registrations/" + reg.id, json::object{{"role", "DGS\uE000"}}, admin);
    EXPECT_EQ(edit.status, 422) << edit.body;
}

}  // namespace
}  // namespace colloq_it
