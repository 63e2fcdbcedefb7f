// Public registration over HTTP: GET /api/event, POST /api/registrations, GET /api/manage/{token}, duplicates.
#include <gtest/gtest.h>

#include "http_client.hpp"
#include "server_process.hpp"
#include "server_database.hpp"
#include "test_support.hpp"

namespace colloq_it {
namespace {

namespace json = boost::json;

class registration : public ::testing::Test {
protected:
    server_process server;
    http_client client{server.base_url()};

    long long stored() { return server_database(server).registrations(); }
};

// RFC 3339 text that names the same instant as the configured one, as written or in UTC.
bool same_start(const std::string& got) {
    return got == event_starts_at || got == "2030-10-10T07:00:00Z";
}
bool same_end(const std::string& got) { return got == event_ends_at || got == "2030-10-10T11:00:00Z"; }

TEST_F(registration, event_describes_the_configuration_with_counts_at_zero) {
    json::object e = event_info(client);
    EXPECT_EQ(str(e, "slug"), event_slug);
    EXPECT_EQ(str(e, "title"), event_title);
    EXPECT_EQ(str(e, "organiser"), event_organiser);
    EXPECT_EQ(str(e, "venue"), event_venue);
    EXPECT_TRUE(same_start(str(e, "starts_at"))) << str(e, "starts_at");
    EXPECT_TRUE(same_end(str(e, "ends_at"))) << str(e, "ends_at");
    EXPECT_EQ(num(e, "capacity"), 300);
    EXPECT_EQ(num(e, "confirmed"), 0);
    EXPECT_EQ(num(e, "waitlisted"), 0);
    EXPECT_EQ(num(e, "remaining"), 300);
    ASSERT_TRUE(e.contains("registration_open"));
    EXPECT_EQ(e.at("registration_open"), json::value(true));

    ASSERT_TRUE(e.contains("partners") && e.at("partners").is_array()) << json::serialize(e);
    const auto& partners = e.at("partners").as_array();
    ASSERT_EQ(partners.size(), 3u);
    const char* slugs[] = {"dextera", "dircab", "coopcab"};
    const char* names[] = {"Dextera", "Dircab", "CoopCab"};
    for (std::size_t i = 0; i < 3; ++i) {
        SCOPED_TRACE(slugs[i]);
        EXPECT_EQ(str(partners[i], "slug"), slugs[i]);
        EXPECT_EQ(str(partners[i], "name"), names[i]);
        EXPECT_EQ(num(partners[i], "quota"), 80);
        EXPECT_EQ(num(partners[i], "confirmed"), 0);
        EXPECT_EQ(num(partners[i], "remaining"), 80);
    }
}

TEST_F(registration, event_counts_follow_registrations) {
    ASSERT_EQ(register_new(client).status, "confirmed");
    ASSERT_EQ(register_new(client).status, "confirmed");
    ASSERT_EQ(register_new(client, "dextera").status, "confirmed");

    json::object e = event_info(client);
    EXPECT_EQ(num(e, "confirmed"), 3);
    EXPECT_EQ(num(e, "waitlisted"), 0);
    EXPECT_EQ(num(e, "remaining"), 297);
    json::object d = partner_info(e, "dextera");
    EXPECT_EQ(num(d, "confirmed"), 1);
    EXPECT_EQ(num(d, "remaining"), 79);
    json::object c = partner_info(e, "dircab");
    EXPECT_EQ(num(c, "confirmed"), 0);
    EXPECT_EQ(num(c, "remaining"), 80);
}

TEST_F(registration, register_answers_201_confirmed_with_a_private_manage_link) {
    std::string email = unique_email("durand");
    registered r = register_body(client, person(email));
    ASSERT_EQ(r.response.status, 201) << r.response.body;
    EXPECT_NE(r.response.header("content-type").find("application/json"), std::string::npos);
    EXPECT_EQ(r.status, "confirmed");
    EXPECT_FALSE(r.id.empty()) << r.response.body;
    EXPECT_NE(r.manage_url.find("/m/"), std::string::npos) << r.manage_url;
    // 256 random bits in base64url (43 characters), possibly after a prefix: URL-safe characters only.
    EXPECT_EQ(r.token.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_."),
              std::string::npos)
        << r.token;
    EXPECT_GE(r.token.size() - (r.token.rfind('.') == std::string::npos ? 0 : r.token.rfind('.') + 1), 43u)
        << r.token;
    EXPECT_FALSE(has(r.response.json(), "waitlist_position") && !is_null(r.response.json(), "waitlist_position"))
        << "a confirmed registration has no waitlist position: " << r.response.body;

    // A second registration gets another token.
    registered other = register_new(client);
    ASSERT_EQ(other.response.status, 201);
    EXPECT_NE(other.token, r.token);
    EXPECT_NE(other.id, r.id);

    server_database db(server);
    EXPECT_EQ(db.registrations(), 2);
    EXPECT_EQ(db.status_of(r.id), "confirmed");
    EXPECT_EQ(db.text("SELECT partner FROM registrations WHERE CAST(id AS TEXT) = ?", {r.id}), "");
    EXPECT_EQ(db.text("SELECT email FROM registrations WHERE CAST(id AS TEXT) = ?", {r.id}), email);
    // Only a hash of the token is kept with the registration.
    EXPECT_EQ(db.integer("SELECT count(*) FROM manage_links WHERE token_hash = ?", {r.token}), 0);
    EXPECT_EQ(db.integer("SELECT count(*) FROM manage_links WHERE CAST(registration_id AS TEXT) = ?", {r.id}), 1);
}

TEST_F(registration, manage_shows_the_registration) {
    json::object body = person(unique_email("martin"), std::string("dircab"));
    body["first_name"] = "Héloïse";
    body["last_name"] = "N'Diaye-Lefèvre";
    body["organisation"] = "Conseil départemental de l'Hérault";
    body["role"] = "Cheffe de cabinet";
    registered r = register_body(client, body);
    ASSERT_EQ(r.response.status, 201) << r.response.body;

    http_response m = client.get("/api/manage/" + r.token);
    ASSERT_EQ(m.status, 200) << m.body;
    json::value v = m.json();
    ASSERT_TRUE(v.is_object());
    EXPECT_EQ(id_text(v.as_object().contains("id") ? v.at("id") : json::value()), r.id);
    EXPECT_EQ(str(v, "first_name"), "Héloïse");
    EXPECT_EQ(str(v, "last_name"), "N'Diaye-Lefèvre");
    EXPECT_EQ(str(v, "email"), std::string(body["email"].as_string()));
    EXPECT_EQ(str(v, "organisation"), "Conseil départemental de l'Hérault");
    EXPECT_EQ(str(v, "role"), "Cheffe de cabinet");
    EXPECT_EQ(str(v, "partner"), "dircab");
    EXPECT_EQ(str(v, "status"), "confirmed");
    EXPECT_TRUE(is_null(v, "checked_in_at")) << m.body;
    EXPECT_EQ(server_database(server).text(
                  "SELECT partner FROM registrations WHERE CAST(id AS TEXT) = ?", {r.id}),
              "dircab");
}

TEST_F(registration, public_registration_has_partner_null) {
    registered r = register_new(client);
    ASSERT_EQ(r.response.status, 201) << r.response.body;
    http_response m = client.get("/api/manage/" + r.token);
    ASSERT_EQ(m.status, 200) << m.body;
    EXPECT_TRUE(is_null(m.json(), "partner")) << m.body;

    // An explicit null partner is the public too.
    json::object body = person(unique_email("public"));
    body["partner"] = nullptr;
    registered n = register_body(client, body);
    ASSERT_EQ(n.response.status, 201) << n.response.body;
    EXPECT_TRUE(is_null(client.get("/api/manage/" + n.token).json(), "partner"));
    EXPECT_EQ(server_database(server).with_partner_status("", "confirmed"), 2);
}

TEST_F(registration, fields_are_trimmed_before_they_are_stored) {
    std::string email = unique_email("trim");
    json::object body{
        {"first_name", "  Jean-Luc   "},
        {"last_name", "\u00a0Mélenchon-Dupont  "},
        {"email", "   " + email + "  "},
        {"organisation", " Métropole de Lyon "},
        {"role", "  Conseiller technique"},
        {"partner", " dextera "},
        {"consent", true},
    };
    registered r = register_body(client, body);
    ASSERT_EQ(r.response.status, 201) << r.response.body;

    json::value m = client.get("/api/manage/" + r.token).json();
    EXPECT_EQ(str(m, "first_name"), "Jean-Luc");
    EXPECT_EQ(str(m, "last_name"), "Mélenchon-Dupont");
    EXPECT_EQ(str(m, "email"), email);
    EXPECT_EQ(str(m, "organisation"), "Métropole de Lyon");
    EXPECT_EQ(str(m, "role"), "Conseiller technique");
    EXPECT_EQ(str(m, "partner"), "dextera");

    auto rows = server_database(server)
                    .rows("SELECT first_name, last_name, email, organisation, role, partner FROM registrations");
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0][0].value_or(""), "Jean-Luc");
    EXPECT_EQ(rows[0][1].value_or(""), "Mélenchon-Dupont");
    EXPECT_EQ(rows[0][2].value_or(""), email);
    EXPECT_EQ(rows[0][3].value_or(""), "Métropole de Lyon");
    EXPECT_EQ(rows[0][4].value_or(""), "Conseiller technique");
    EXPECT_EQ(rows[0][5].value_or(""), "dextera");
}

TEST_F(registration, same_email_in_another_case_or_with_spaces_is_409_and_stores_nothing) {
    registered first = register_body(client, person("Jeanne.Martin@Mairie-Exemple.fr"));
    ASSERT_EQ(first.response.status, 201) << first.response.body;

    for (std::string again : {"Jeanne.Martin@Mairie-Exemple.fr", "jeanne.martin@mairie-exemple.fr",
                              "JEANNE.MARTIN@MAIRIE-EXEMPLE.FR", "  jeanne.martin@mairie-exemple.fr  "}) {
        SCOPED_TRACE(again);
        json::object body = person(again, std::string("dextera"));
        body["first_name"] = "Jeanne";
        http_response r = client.post_json("/api/registrations", body);
        expect_error(r, 409, "already_registered");
        EXPECT_TRUE(looks_french(str(r.json(), "message"))) << r.body;
    }
    server_database db(server);
    EXPECT_EQ(db.registrations(), 1);
    EXPECT_EQ(db.with_partner_status("", "confirmed"), 1);
    json::object e = event_info(client);
    EXPECT_EQ(num(e, "confirmed"), 1);
    // The seats the refused attempts took on the way were given back.
    EXPECT_EQ(num(partner_info(e, "dextera"), "confirmed"), 0);
    EXPECT_EQ(db.integer("SELECT confirmed FROM seat_counters WHERE partner = ''"), 1);
    EXPECT_EQ(db.integer("SELECT confirmed FROM seat_counters WHERE partner = 'dextera'"), 0);
    EXPECT_EQ(manage_status(client, first.token), "confirmed");
}

}  // namespace
}  // namespace colloq_it
