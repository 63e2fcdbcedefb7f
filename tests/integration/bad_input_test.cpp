// Bad input to POST /api/registrations: 422 naming the field, 400 for what is not a JSON
// object of the right types, 413 over the body limit; nothing is ever stored.
#include <gtest/gtest.h>

#include "http_client.hpp"
#include "server_process.hpp"
#include "server_database.hpp"
#include "test_support.hpp"

namespace colloq_it {
namespace {

namespace json = boost::json;

class bad_input : public ::testing::Test {
protected:
    server_process server;
    http_client client{server.base_url()};

    long long stored() { return server_database(server).registrations(); }
};

TEST_F(bad_input, each_missing_field_is_422_naming_it) {
    for (const char* field : {"first_name", "last_name", "email", "organisation", "role", "consent"}) {
        SCOPED_TRACE(field);
        json::object body = person(unique_email("missing"));
        body.erase(field);
        expect_invalid(client.post_json("/api/registrations", body), field);
    }
    EXPECT_EQ(stored(), 0);
}

TEST_F(bad_input, each_too_long_field_is_422_naming_it) {
    std::string long_email = std::string(64, 'a') + "@" + std::string(63, 'b') + "." + std::string(63, 'c') + "." +
                             std::string(59, 'd') + ".fr";
    ASSERT_EQ(long_email.size(), 255u);
    struct too_long {
        const char* field;
        std::string value;
    } cases[] = {
        {"first_name", std::string(101, 'a')},
        {"last_name", std::string(101, 'b')},
        {"email", long_email},
        {"organisation", std::string(201, 'c')},
        {"role", std::string(151, 'd')},
        // Lengths count characters, not bytes.
        {"first_name", [] { std::string s; for (int i = 0; i < 101; ++i) s += "é"; return s; }()},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(std::string(c.field) + " of " + std::to_string(c.value.size()) + " bytes");
        json::object body = person(unique_email("long"));
        body[c.field] = c.value;
        expect_invalid(client.post_json("/api/registrations", body), c.field);
    }
    EXPECT_EQ(stored(), 0);
}

TEST_F(bad_input, fields_at_their_longest_are_accepted) {
    std::string email = std::string(64, 'a') + "@" + std::string(63, 'b') + "." + std::string(63, 'c') + "." +
                        std::string(58, 'd') + ".fr";
    ASSERT_EQ(email.size(), 254u);
    std::string accented;
    for (int i = 0; i < 100; ++i) accented += "é";
    json::object body{
        {"first_name", accented},
        {"last_name", std::string(100, 'n')},
        {"email", email},
        {"organisation", std::string(200, 'o')},
        {"role", std::string(150, 'r')},
        {"consent", true},
    };
    registered r = register_body(client, body);
    ASSERT_EQ(r.response.status, 201) << r.response.body;
    json::value m = client.get("/api/manage/" + r.token).json();
    EXPECT_EQ(str(m, "first_name"), accented);
    EXPECT_EQ(str(m, "organisation"), std::string(200, 'o'));
    EXPECT_EQ(stored(), 1);
}

TEST_F(bad_input, every_fault_is_listed_at_once_in_form_order) {
    json::object body = person("pas-une-adresse");
    body["first_name"] = " ";
    body["partner"] = "inconnue";
    body["consent"] = false;
    http_response r = client.post_json("/api/registrations", body);
    expect_invalid(r, "first_name");  // the contract's shape names the first
    json::value v = r.json();
    ASSERT_TRUE(v.is_object() && v.as_object().contains("errors") && v.at("errors").is_array()) << r.body;
    std::vector<std::string> fields;
    for (const auto& e : v.at("errors").as_array()) {
        fields.push_back(str(e, "field"));
        EXPECT_TRUE(looks_french(str(e, "message"))) << r.body;
    }
    EXPECT_EQ(fields, (std::vector<std::string>{"first_name", "email", "partner", "consent"})) << r.body;
    EXPECT_EQ(str(v.at("errors").at(0), "message"), str(v, "message"));
    EXPECT_EQ(stored(), 0);
}

TEST_F(bad_input, blank_fields_are_422_naming_them) {
    for (const char* field : {"first_name", "last_name", "email", "organisation", "role"}) {
        for (std::string blank : {"", "   ", " \t  ", "\u00a0 "}) {
            SCOPED_TRACE(std::string(field) + " = \"" + blank + "\"");
            json::object body = person(unique_email("blank"));
            body[field] = blank;
            http_response r = client.post_json("/api/registrations", body);
            // A tab is also a control character; either way the field is named.
            expect_invalid(r, field);
        }
    }
    EXPECT_EQ(stored(), 0);
}

TEST_F(bad_input, control_characters_are_422_naming_the_field) {
    struct bad {
        const char* field;
        std::string value;
    } cases[] = {
        {"first_name", "Jean\r\nBcc: victime@example.org"},
        {"last_name", "Du\nrand"},
        {"email", "jean\r@mairie-exemple.fr"},
        {"organisation", "Mairie\rde Lyon"},
        {"role", "Chef\x01 de cabinet"},
        {"first_name", "Jean\x1b[31m"},
        {"last_name", std::string("Du\0rand", 7)},
        {"organisation", "Mairie\x7f"},
        {"role", "Chef\xc2\x85 de cabinet"},  // U+0085, next line
        {"first_name", "Jean\tPierre"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(std::string(c.field) + " = " + json::serialize(json::value(c.value)));
        json::object body = person(unique_email("ctl"));
        body[c.field] = c.value;
        expect_invalid(client.post_json("/api/registrations", body), c.field);
    }
    EXPECT_EQ(stored(), 0);
}

TEST_F(bad_input, malformed_email_addresses_are_422_on_email) {
    for (const char* email : {"jean.dupont", "jean@", "@mairie-exemple.fr", "jean@@mairie-exemple.fr",
                              "jean dupont@mairie-exemple.fr", "jean@mairie exemple.fr", "jean@mairie-exemple..fr",
                              "jean@mairie-exemple", "jean.@mairie-exemple.fr", "jean@mairie,exemple.fr",
                              "<jean@mairie-exemple.fr>"}) {
        SCOPED_TRACE(email);
        json::object body = person(email);
        http_response r = client.post_json("/api/registrations", body);
        expect_invalid(r, "email");
    }
    EXPECT_EQ(stored(), 0);
}

TEST_F(bad_input, consent_must_be_true) {
    json::object refused = person(unique_email("consent"));
    refused["consent"] = false;
    expect_invalid(client.post_json("/api/registrations", refused), "consent");

    json::object absent = person(unique_email("consent"));
    absent.erase("consent");
    expect_invalid(client.post_json("/api/registrations", absent), "consent");
    EXPECT_EQ(stored(), 0);
}

TEST_F(bad_input, unknown_partner_is_422_on_partner) {
    for (const char* slug : {"inconnue", "dextera2"}) {
        SCOPED_TRACE(slug);
        expect_invalid(client.post_json("/api/registrations", person(unique_email("partner"), std::string(slug))),
                       "partner");
    }
    EXPECT_EQ(stored(), 0);
    EXPECT_EQ(num(event_info(client), "confirmed"), 0);
}

TEST_F(bad_input, bodies_that_are_not_a_json_object_are_400) {
    const std::string valid = json_text(person(unique_email("raw")));
    for (std::string raw : {std::string("{\"first_name\": \"Jean\","), std::string("pas du JSON"), std::string(),
                            std::string("[]"), std::string("\"texte\""), std::string("42"), std::string("null"),
                            std::string("true"), valid + " x", valid + valid, std::string("{\"email\": 'x'}")}) {
        SCOPED_TRACE(raw);
        expect_error(client.post_raw("/api/registrations", raw, "application/json"), 400, "");
    }
    EXPECT_EQ(stored(), 0);
}

TEST_F(bad_input, fields_of_the_wrong_json_type_are_400_naming_them) {
    struct wrong {
        const char* field;
        json::value value;
    } cases[] = {
        {"first_name", 42},
        {"last_name", json::array{"Durand"}},
        {"email", json::object{{"adresse", "x@y.fr"}}},
        {"organisation", true},
        {"role", 3.5},
        {"consent", "true"},
        {"consent", 1},
        {"partner", 7},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(std::string(c.field) + " = " + json::serialize(c.value));
        json::object body = person(unique_email("type"));
        body[c.field] = c.value;
        expect_error(client.post_json("/api/registrations", body), 400, "", std::string(c.field));
    }
    EXPECT_EQ(stored(), 0);
}

TEST_F(bad_input, invalid_utf8_is_400) {
    for (std::string bad : {std::string("Jean\xff"), std::string("Mairie \xc3\x28"), std::string("\xc0\xaf"),
                            std::string("\xed\xa0\x80"), std::string("\xe2\x82")}) {
        SCOPED_TRACE(json::serialize(json::value(json::string_view(bad.data(), bad.size()))));
        std::string raw = "{\"first_name\":\"" + bad +
                          "\",\"last_name\":\"Durand\",\"email\":\"" + unique_email("utf") +
                          "\",\"organisation\":\"Commune\",\"role\":\"Maire\",\"consent\":true}";
        expect_error(client.post_raw("/api/registrations", raw, "application/json"), 400, "");
    }
    EXPECT_EQ(stored(), 0);
}

TEST_F(bad_input, a_body_over_the_default_limit_is_413_json) {
    json::object body = person(unique_email("big"));
    body["organisation"] = std::string(70000, 'x');
    // With "Expect: 100-continue" the answer comes before the body is sent.
    http_response r = client.post_json("/api/registrations", body, {{"Expect", "100-continue"}});
    expect_error(r, 413, "");
    EXPECT_TRUE(looks_french(str(r.json(), "message"))) << r.body;
    EXPECT_EQ(stored(), 0);
    EXPECT_EQ(client.get("/healthz").status, 200);
}

TEST(bad_input_config, the_configured_body_limit_is_enforced) {
    server_options o;
    o.server_lines = {"body_limit = 2048"};
    server_process server(o);
    http_client client(server.base_url());

    std::string accented_100, accented_150, accented_200;
    for (int i = 0; i < 100; ++i) accented_100 += "é";
    for (int i = 0; i < 150; ++i) accented_150 += "é";
    for (int i = 0; i < 200; ++i) accented_200 += "é";
    json::object fits{{"first_name", accented_100}, {"last_name", accented_100},
                      {"email", unique_email("fits")}, {"organisation", accented_200},
                      {"role", accented_150},          {"consent", true}};
    ASSERT_LT(json_text(fits).size(), 2048u);
    ASSERT_GT(json_text(fits).size(), 1024u);
    EXPECT_EQ(register_body(client, fits).response.status, 201);

    json::object too_big = person(unique_email("big"));
    too_big["organisation"] = std::string(2100, 'x');
    expect_error(client.post_json("/api/registrations", too_big), 413, "");
    EXPECT_EQ(server_database(server).registrations(), 1);
}

}  // namespace
}  // namespace colloq_it
