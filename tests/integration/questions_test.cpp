// The configured questions ([[questions]]): answered through the API and the no-JavaScript form,
// validated, kept, shown to the attendee and to staff, corrected, and exported one column each.
#include <gtest/gtest.h>

#include <csignal>
#include <fstream>

#include "http_client.hpp"
#include "server_process.hpp"
#include "server_database.hpp"
#include "staff_support.hpp"
#include "test_support.hpp"

namespace colloq_it {
namespace {

namespace json = boost::json;

const char* all_kinds = R"(
[[questions]]
id = "accessibilite"
label = "Avez-vous des besoins d'accessibilité ?"
type = "text"
help = "Fauteuil roulant, boucle magnétique…"
max_length = 20

[[questions]]
id = "message"
label = "Un message pour l'organisateur"
type = "textarea"

[[questions]]
id = "taille"
label = "Taille de votre collectivité"
type = "choice"
required = true
options = ["Moins de 10 000 habitants", "10 000 à 100 000 habitants", "Plus de 100 000 habitants"]

[[questions]]
id = "ateliers"
label = "Ateliers"
type = "choices"
options = ["Éthique", "Outils", "Achats"]

[[questions]]
id = "dejeuner"
label = "Je reste au déjeuner"
type = "checkbox"

[[questions]]
id = "arrivee"
label = "Date d'arrivée à Paris"
type = "date"
)";

server_options with_questions(const std::string& toml = all_kinds) {
    server_options o;
    o.questions_toml = toml;
    return o;
}

json::object answered(const std::string& email, json::object answers) {
    json::object body = person(email);
    body["answers"] = std::move(answers);
    return body;
}

json::object good_answers() {
    return {{"accessibilite", "  Fauteuil  "},
            {"message", "Bonjour,\r\nà bientôt"},
            {"taille", "Plus de 100 000 habitants"},
            {"ateliers", json::array{"Outils", "Éthique", "Outils"}},
            {"dejeuner", true},
            {"arrivee", "2030-10-09"}};
}

TEST(questions, the_event_lists_them_in_order_with_their_shape) {
    server_process server(with_questions());
    http_client client(server.base_url());
    json::object e = event_info(client);
    ASSERT_TRUE(e.contains("questions") && e.at("questions").is_array()) << json::serialize(e);
    const auto& qs = e.at("questions").as_array();
    ASSERT_EQ(qs.size(), 6u);
    EXPECT_EQ(str(qs[0], "id"), "accessibilite");
    EXPECT_EQ(str(qs[0], "type"), "text");
    EXPECT_EQ(num(qs[0], "max_length"), 20);
    EXPECT_EQ(str(qs[0], "help"), "Fauteuil roulant, boucle magnétique…");
    EXPECT_EQ(str(qs[2], "type"), "choice");
    EXPECT_EQ(qs[2].at("required"), json::value(true));
    EXPECT_EQ(qs[2].at("options").as_array().size(), 3u);
    EXPECT_EQ(str(qs[5], "type"), "date");
}

TEST(questions, answers_are_cleaned_kept_and_shown_on_the_manage_record_and_the_staff_list) {
    server_process server(with_questions());
    http_client client(server.base_url());
    auto r = register_body(client, answered(unique_email("reponses"), good_answers()));
    ASSERT_EQ(r.response.status, 201) << r.response.body;

    json::object expected{{"accessibilite", "Fauteuil"},
                          {"message", "Bonjour,\nà bientôt"},
                          {"taille", "Plus de 100 000 habitants"},
                          {"ateliers", json::array{"Éthique", "Outils"}},
                          {"dejeuner", true},
                          {"arrivee", "2030-10-09"}};
    auto manage = client.get("/api/manage/" + r.token);
    ASSERT_EQ(manage.status, 200);
    EXPECT_EQ(json::parse(manage.body).at("answers"), json::value(expected)) << manage.body;

    header_list admin = bearer(create_token(server, first_admin(server).email));
    auto listed = find_by_id(staff_list(client, admin, ""), r.id);
    EXPECT_EQ(listed.at("answers"), json::value(expected));

    auto page = client.get("/m/" + r.token);
    EXPECT_TRUE(text_has(page.body, "Vos réponses")) << page.body;
    EXPECT_TRUE(text_has(page.body, "Éthique ; Outils"));
    EXPECT_TRUE(text_has(page.body, "<dt>Je reste au déjeuner</dt><dd>Oui</dd>"));
}

TEST(questions, every_bad_answer_is_422_naming_its_question_and_nothing_is_stored) {
    server_process server(with_questions());
    http_client client(server.base_url());
    auto bad = [&](const char* id, json::value value) {
        json::object answers = good_answers();
        answers[id] = std::move(value);
        return answers;
    };
    struct { std::string field; json::object answers; } cases[] = {
        {"answers.accessibilite", bad("accessibilite", "x")},  // replaced below: too long
        {"answers.accessibilite", bad("accessibilite", 42)},
        {"answers.accessibilite", bad("accessibilite", "ligne\nsuivante")},
        {"answers.taille", bad("taille", "Énorme")},
        {"answers.taille", bad("taille", json::array{"Plus de 100 000 habitants"})},
        {"answers.ateliers", bad("ateliers", json::array{"Éthique", "Cuisine"})},
        {"answers.ateliers", bad("ateliers", "Éthique")},
        {"answers.dejeuner", bad("dejeuner", "oui")},
        {"answers.arrivee", bad("arrivee", "2030-02-30")},
        {"answers.arrivee", bad("arrivee", "10/10/2030")},
        {"answers.inconnue", bad("inconnue", "?")},
    };
    cases[0].answers["accessibilite"] = std::string(21, 'a');
    for (auto& c : cases) {
        SCOPED_TRACE(json::serialize(c.answers));
        auto r = register_body(client, answered(unique_email("mauvaise"), c.answers));
        expect_invalid(r.response, c.field);
    }
    json::object missing = good_answers();
    missing.erase("taille");
    expect_invalid(register_body(client, answered(unique_email("manque"), missing)).response, "answers.taille");
    auto not_an_object = person(unique_email("objet"));
    not_an_object["answers"] = json::array{};
    expect_error(register_body(client, not_an_object).response, 400, "bad_request", "answers");
    EXPECT_EQ(server_database(server).registrations(), 0);
}

TEST(questions, the_form_without_javascript_sends_them_and_shows_a_fault_under_its_field) {
    server_process server(with_questions());
    http_client client(server.base_url());
    auto page = client.get("/");
    EXPECT_TRUE(text_has(page.body, "<legend>Taille de votre collectivité</legend>")) << page.body;
    EXPECT_TRUE(text_has(page.body, "type=\"date\" id=\"q-arrivee\" name=\"answers.arrivee\""));

    std::string email = unique_email("formulaire");
    form_fields fields{{"first_name", "Camille"}, {"last_name", "Durand"}, {"email", email},
                       {"organisation", "Mairie de Lyon"}, {"role", "Directrice de cabinet"},
                       {"consent", "true"}, {"answers.accessibilite", "Boucle <magnétique>"},
                       {"answers.taille", "Énorme"}, {"answers.ateliers", "Outils"},
                       {"answers.ateliers", "Achats"}, {"answers.dejeuner", "true"}};
    auto refused = client.post_form("/register", fields);
    ASSERT_EQ(refused.status, 422) << refused.body;
    EXPECT_TRUE(text_has(refused.body, "<p class=\"field-error\" id=\"q-taille-error\">")) << refused.body;
    EXPECT_TRUE(text_has(refused.body, "value=\"Boucle &lt;magnétique&gt;\"")) << "what was typed comes back, escaped";
    EXPECT_TRUE(text_has(refused.body, "value=\"Achats\" checked"));
    EXPECT_EQ(server_database(server).registrations(), 0);

    fields[7] = {"answers.taille", "Moins de 10 000 habitants"};
    auto sent = client.post_form("/register", fields);
    ASSERT_EQ(sent.status, 303) << sent.body;
    auto manage = client.get("/api/manage/" + token_from(sent.header("location")));
    json::object expected{{"accessibilite", "Boucle <magnétique>"},
                          {"taille", "Moins de 10 000 habitants"},
                          {"ateliers", json::array{"Outils", "Achats"}},
                          {"dejeuner", true}};
    EXPECT_EQ(json::parse(manage.body).at("answers"), json::value(expected)) << manage.body;
}

TEST(questions, staff_correct_answers_without_a_new_badge) {
    server_process server(with_questions());
    http_client client(server.base_url());
    auto r = register_body(client, answered(unique_email("correction"), good_answers()));
    ASSERT_EQ(r.response.status, 201);
    std::string nonce = server_database(server).text("SELECT ticket_nonce FROM registrations WHERE id = ?", {r.id});
    header_list admin = bearer(create_token(server, first_admin(server).email));

    expect_invalid(client.patch_json("/api/registrations/" + r.id, json::object{{"answers", {{"taille", ""}}}}, admin),
                   "answers.taille");
    auto fixed = client.patch_json("/api/registrations/" + r.id,
                                   json::object{{"answers", {{"taille", "Moins de 10 000 habitants"}, {"accessibilite", ""}}}},
                                   admin);
    ASSERT_EQ(fixed.status, 200) << fixed.body;
    auto answers = json::parse(fixed.body).at("answers").as_object();
    EXPECT_EQ(answers.at("taille"), json::value("Moins de 10 000 habitants"));
    EXPECT_FALSE(answers.contains("accessibilite")) << "an emptied answer is removed";
    EXPECT_EQ(answers.at("arrivee"), json::value("2030-10-09")) << "answers left out are kept";
    EXPECT_EQ(server_database(server).text("SELECT ticket_nonce FROM registrations WHERE id = ?", {r.id}), nonce);
}

TEST(questions, exports_have_a_column_per_question_and_keep_those_since_removed) {
    // Registered while the configuration asked a question since removed.
    server_process server(with_questions(std::string(all_kinds) + R"(
[[questions]]
id = "ancienne"
label = "Une question retirée depuis"
type = "text"
)"));
    header_list admin = bearer(create_token(server, first_admin(server).email));
    {
        http_client client(server.base_url());
        json::object answers = good_answers();
        answers["ancienne"] = "=SUM(1+1)";
        auto r = register_body(client, answered(unique_email("export"), answers));
        ASSERT_EQ(r.response.status, 201) << r.response.body;
    }
    ASSERT_EQ(server.stop(SIGTERM), 0);
    server.write_config(make_config(with_questions()));
    server.restart();
    http_client client(server.base_url());

    auto csv = client.get("/api/exports/registrations.csv", admin);
    ASSERT_EQ(csv.status, 200) << csv.body;
    auto rows = read_csv(csv.body, ';');
    ASSERT_EQ(rows.size(), 2u) << csv.body;
    // After the fixed columns, the consent's two included.
    std::vector<std::string> tail(rows[0].begin() + 12, rows[0].end());
    EXPECT_EQ(tail, (std::vector<std::string>{"Avez-vous des besoins d'accessibilité ?", "Un message pour l'organisateur",
                                              "Taille de votre collectivité", "Ateliers", "Je reste au déjeuner",
                                              "Date d'arrivée à Paris", "ancienne"}));
    std::vector<std::string> values(rows[1].begin() + 12, rows[1].end());
    EXPECT_EQ(values, (std::vector<std::string>{"Fauteuil", "Bonjour,\nà bientôt", "Plus de 100 000 habitants",
                                                "Éthique ; Outils", "Oui", "2030-10-09", "'=SUM(1+1)"}));

    auto xlsx = client.get("/api/exports/registrations.xlsx", admin);
    ASSERT_EQ(xlsx.status, 200);
    auto sheet = read_xlsx(xlsx.body);
    ASSERT_EQ(sheet.rows.size(), 2u);
    ASSERT_EQ(sheet.rows[0].size(), 19u);
    EXPECT_EQ(str(sheet.rows[0][18], "v"), "ancienne");
    EXPECT_EQ(str(sheet.rows[1][15], "v"), "Éthique ; Outils");
    EXPECT_EQ(str(sheet.rows[0][17], "v"), "Date d'arrivée à Paris");
    EXPECT_EQ(str(sheet.rows[1][17], "t"), "d") << "a date answer is a date cell";
    EXPECT_EQ(str(sheet.rows[1][17], "v"), "2030-10-09T00:00:00");
    EXPECT_EQ(str(sheet.rows[1][17], "format"), "dd/mm/yyyy");
    EXPECT_EQ(str(sheet.rows[1][18], "v"), "=SUM(1+1)") << "a string cell, exactly as registered";
    EXPECT_EQ(str(sheet.rows[1][18], "t"), "s");
}

TEST(questions, the_sign_in_sheet_lists_answers_only_when_asked) {
    server_process server(with_questions());
    http_client client(server.base_url());
    json::object body = answered(unique_email("feuille"), good_answers());
    body["last_name"] = "Émargeuse";
    ASSERT_EQ(register_body(client, body).response.status, 201);
    header_list admin = bearer(create_token(server, first_admin(server).email));

    std::string plain = pdf_text(client.get("/api/exports/signin-sheet.pdf", admin).body);
    EXPECT_TRUE(text_has(plain, "Émargeuse")) << plain;
    EXPECT_FALSE(text_has(plain, "Fauteuil")) << "answers stay off the sheet unless asked";

    http_response asked = client.get("/api/exports/signin-sheet.pdf?questions=accessibilite,dejeuner", admin);
    ASSERT_EQ(asked.status, 200);
    std::string text = pdf_text(asked.body);
    EXPECT_TRUE(text_has(text, "Fauteuil")) << text;
    EXPECT_TRUE(text_has(text, "Oui")) << text;
    EXPECT_TRUE(text_has(text, "Émargeuse")) << text;

    expect_error(client.get("/api/exports/signin-sheet.pdf?questions=inconnue", admin), 422, "invalid", "questions");
    expect_error(client.get("/api/exports/signin-sheet.pdf?questions=accessibilite,message,taille,ateliers", admin),
                 422, "invalid", "questions");
}

}  // namespace
}  // namespace colloq_it
