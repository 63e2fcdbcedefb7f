// The venue's security list ([security_list]) against the real server: the list as it stands,
// freezing by hand, by the clock and at start-up, versions, the changes after cancellations,
// corrections and late sign-ups, each after_due policy, the late attendee's e-mail and page,
// on_security_list at the door, and the exports read back by Python's csv, openpyxl and pdftotext.
#include <algorithm>
#include <chrono>
#include <ctime>
#include <fstream>
#include <optional>
#include <regex>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "smtp_sink.hpp"
#include "staff_support.hpp"
#include "test_support.hpp"

namespace colloq_it {
namespace {

namespace json = boost::json;

std::string list_toml(const std::string& due_at, const std::string& after_due) {
    return "[[questions]]\nid = \"acces\"\nlabel = \"Besoins d'accès\"\ntype = \"text\"\nsecurity_list = true\n\n"
           "[security_list]\nrecipient = \"Service de la sécurité du Sénat\"\ndue_at = \"" + due_at + "\"\n"
           "fields = [\"last_name\", \"first_name\", \"organisation\"]\nafter_due = \"" + after_due + "\"\n";
}

std::string utc_in(std::chrono::seconds from_now) {
    std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now() + from_now);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
    return text;
}

server_options list_options(const std::string& due_at = "2030-10-08T12:00:00+02:00",
                            const std::string& after_due = "waitlist") {
    server_options o;
    o.capacity = 10;
    o.questions_toml = list_toml(due_at, after_due);
    return o;
}

struct list_world {
    server_process server;
    std::optional<http_client> client{std::in_place, server.base_url()};
    credentials admin_account;
    header_list admin;

    explicit list_world(server_options options) : server(std::move(options)) {
        admin_account = first_admin(server);
        admin = bearer(create_token(server, admin_account.email));
    }

    registered enrol(const std::string& last_name, const std::string& email_tag = "liste") {
        json::object body = person(unique_email(email_tag));
        body["last_name"] = last_name;
        return register_body(*client, body);
    }

    json::value list() {
        http_response r = client->get("/api/security-list", admin);
        EXPECT_EQ(r.status, 200) << r.body;
        return r.status == 200 ? r.json() : json::value{};
    }

    json::value freeze() {
        http_response r = client->post_json("/api/security-list/freeze", json::object{}, admin);
        EXPECT_EQ(r.status, 200) << r.body;
        return r.status == 200 ? r.json() : json::value{};
    }

    std::string on_list(const std::string& id) {
        auto found = find_by_id(staff_list(*client, admin), id);
        if (!found.contains("on_security_list")) return "<missing>";
        return json::serialize(found.at("on_security_list"));
    }
};

std::vector<std::string> last_names(const json::value& entries) {
    std::vector<std::string> out;
    for (const auto& e : entries.as_array()) out.push_back(str(e, "last_name"));
    return out;
}

TEST(security_list, before_the_due_time_the_list_is_what_would_be_sent_and_only_admins_see_it) {
    list_world w(list_options());
    for (const char* name : {"Zola", "Écrivain", "Dupont"}) ASSERT_EQ(w.enrol(name).response.status, 201);
    json::value list = w.list();
    EXPECT_EQ(str(list, "recipient"), "Service de la sécurité du Sénat");
    EXPECT_TRUE(is_null(list, "version"));
    EXPECT_EQ(num(list, "count"), 3);
    EXPECT_EQ(last_names(list.at("entries")), (std::vector<std::string>{"Dupont", "Écrivain", "Zola"}))
        << "French order: É sorts with E";
    const auto& columns = list.at("columns").as_array();
    ASSERT_EQ(columns.size(), 4u) << "the fields, then the question marked security_list";
    EXPECT_EQ(str(columns[3], "title"), "Besoins d'accès");
    auto event = event_info(*w.client);
    EXPECT_TRUE(event.at("security_list").at("frozen") == false);
    EXPECT_EQ(w.on_list(id_text(list.at("entries").as_array()[0].at("registration_id"))), "false")
        << "nothing has been sent yet";

    std::string partner = staff_token(w.server, "equipe@dextera.org", "partner", "dextera");
    std::string door = staff_token(w.server, "porte@colloque.fr", "door");
    expect_error(w.client->get("/api/security-list", bearer(partner)), 403, "forbidden");
    expect_error(w.client->post_json("/api/security-list/freeze", json::object{}, bearer(door)), 403, "forbidden");
    expect_error(w.client->get("/api/exports/security-list.csv", bearer(partner)), 403, "forbidden");
    expect_error(w.client->get("/api/exports/security-list.csv?changes=1", w.admin), 409, "not_frozen");
}

TEST(security_list, frozen_by_hand_then_changes_are_tracked_and_a_new_freeze_makes_a_new_version) {
    list_world w(list_options("2030-10-08T12:00:00+02:00", "waitlist"));
    registered kept = w.enrol("Martin");
    registered leaving = w.enrol("Bernard");
    registered renamed = w.enrol("Durand");
    ASSERT_EQ(renamed.response.status, 201);

    json::value v1 = w.freeze();
    EXPECT_EQ(num(v1, "version"), 1);
    EXPECT_EQ(num(v1, "frozen_count"), 3);
    EXPECT_EQ(str(v1, "frozen_by"), w.admin_account.email);
    EXPECT_EQ(w.on_list(kept.id), "true");
    EXPECT_TRUE(event_info(*w.client).at("security_list").at("frozen") == true);

    // After the freeze: a public sign-up is waitlisted though seats remain (after_due = waitlist),
    // a staff registration is confirmed but not on the list sent.
    registered late_public = w.enrol("Tardif");
    ASSERT_EQ(late_public.response.status, 201) << late_public.response.body;
    EXPECT_EQ(late_public.status, "waitlisted");
    json::object body = person(unique_email("tard"));
    body["last_name"] = "Ajoutée";
    body.erase("consent");
    http_response late_staff = w.client->post_json("/api/registrations", body, w.admin);
    ASSERT_EQ(late_staff.status, 201) << late_staff.body;
    EXPECT_EQ(str(late_staff.json(), "status"), "confirmed");
    EXPECT_TRUE(late_staff.json().at("on_security_list") == false);
    std::string late_id = id_text(late_staff.json().at("id"));

    ASSERT_EQ(w.client->post_json("/api/registrations/" + leaving.id + "/cancel", json::object{}, w.admin).status, 200);
    ASSERT_EQ(w.client->patch_json("/api/registrations/" + renamed.id, json::object{{"last_name", "Durant"}}, w.admin).status,
              200);

    json::value list = w.list();
    const auto& changes = list.at("changes");
    EXPECT_EQ(last_names(changes.at("added")), (std::vector<std::string>{"Ajoutée", "Tardif"}))
        << "Tardif took the seat Bernard freed, after the list was sent";
    EXPECT_EQ(last_names(changes.at("removed")), (std::vector<std::string>{"Bernard"}));
    ASSERT_EQ(changes.at("changed").as_array().size(), 1u);
    EXPECT_EQ(str(changes.at("changed").as_array()[0].at("before"), "last_name"), "Durand");
    EXPECT_EQ(str(changes.at("changed").as_array()[0].at("after"), "last_name"), "Durant");

    // The changes exported, read back by Python's csv and openpyxl, and the PDF by pdftotext.
    http_response csv = w.client->get("/api/exports/security-list.csv?changes=1", w.admin);
    ASSERT_EQ(csv.status, 200) << csv.body;
    auto rows = read_csv(csv.body, ';');
    ASSERT_EQ(rows.size(), 5u);
    EXPECT_EQ(rows[0][0], "Changement");
    EXPECT_EQ(rows[1][0], "Ajout");
    EXPECT_EQ(rows[1][1], "Ajoutée");
    EXPECT_EQ(rows[3][0], "Retrait");
    EXPECT_EQ(rows[4][0], "Correction");
    EXPECT_EQ(rows[4][1], "Durant");
    EXPECT_EQ(rows[4].back(), "Nom\u00A0: Durand");
    http_response xlsx = w.client->get("/api/exports/security-list.xlsx?changes=1", w.admin);
    ASSERT_EQ(xlsx.status, 200);
    xlsx_sheet sheet = read_xlsx(xlsx.body);
    ASSERT_EQ(sheet.rows.size(), 5u);
    EXPECT_EQ(str(sheet.rows[3][0], "v"), "Retrait");
    http_response pdf = w.client->get("/api/exports/security-list.pdf?changes=1", w.admin);
    ASSERT_EQ(pdf.status, 200);
    std::string text = pdf_text(pdf.body);
    EXPECT_TRUE(text_has(text, "Modifications de la liste nominative – Service de la sécurité du Sénat")) << text;
    EXPECT_TRUE(text_has(text, "Depuis la version 1")) << text;
    EXPECT_TRUE(text_has(text, "2 ajout(s), 1 retrait(s), 1 correction(s)")) << text;

    // The list itself is the version sent, as sent.
    http_response sent = w.client->get("/api/exports/security-list.csv", w.admin);
    auto sent_rows = read_csv(sent.body, ';');
    ASSERT_EQ(sent_rows.size(), 4u);
    EXPECT_EQ(sent_rows[0], (std::vector<std::string>{"Nom", "Prénom", "Collectivité ou organisme", "Besoins d'accès"}));
    EXPECT_EQ(sent_rows[1][0], "Bernard");
    EXPECT_EQ(sent_rows[2][0], "Durand");
    std::string sent_pdf = pdf_text(w.client->get("/api/exports/security-list.pdf", w.admin).body);
    EXPECT_TRUE(text_has(sent_pdf, "Version 1 arrêtée le")) << sent_pdf;
    EXPECT_TRUE(text_has(sent_pdf, "3 personnes")) << sent_pdf;
    EXPECT_TRUE(text_has(sent_pdf, "Organisateur : L'Inspiration politique")) << sent_pdf;

    json::value v2 = w.freeze();
    EXPECT_EQ(num(v2, "version"), 2);
    EXPECT_EQ(num(v2, "frozen_count"), 4);
    EXPECT_TRUE(v2.at("changes").at("added").as_array().empty());
    EXPECT_EQ(w.on_list(late_id), "true");
    EXPECT_EQ(w.on_list(leaving.id), "false");
}

TEST(security_list, each_after_due_policy_decides_what_a_public_sign_up_gets) {
    {
        list_world w(list_options("2030-10-08T12:00:00+02:00", "close"));
        w.freeze();
        expect_error(w.client->post_json("/api/registrations", person(unique_email())), 403, "registration_closed");
        json::object body = person(unique_email("staff"));
        body.erase("consent");
        EXPECT_EQ(w.client->post_json("/api/registrations", body, w.admin).status, 201) << "staff may still register";
    }
    {
        list_world w(list_options("2030-10-08T12:00:00+02:00", "accept"));
        w.freeze();
        registered r = w.enrol("Accepté");
        EXPECT_EQ(r.status, "confirmed");
        EXPECT_EQ(w.on_list(r.id), "false");
    }
}

TEST(security_list, it_freezes_by_itself_at_the_due_time_and_at_start_up_once) {
    list_world w(list_options(utc_in(std::chrono::seconds(3)), "accept"));
    registered before = w.enrol("Avant");
    ASSERT_EQ(before.response.status, 201);
    EXPECT_TRUE(is_null(w.list(), "version"));
    json::value list;
    for (int i = 0; i < 100; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        list = w.list();
        if (!is_null(list, "version")) break;
    }
    ASSERT_EQ(num(list, "version"), 1) << json::serialize(list);
    EXPECT_TRUE(is_null(list, "frozen_by")) << "frozen by the clock";
    EXPECT_EQ(num(list, "frozen_count"), 1);
    EXPECT_EQ(w.on_list(before.id), "true");

    // A restart after the due time does not freeze again.
    w.server.restart();
    w.client.emplace(w.server.base_url());
    EXPECT_EQ(num(w.list(), "version"), 1);
    EXPECT_EQ(w.on_list(before.id), "true");
}

TEST(security_list, a_server_stopped_at_the_due_time_freezes_the_list_when_it_starts) {
    list_world w(list_options("2020-01-01T12:00:00+01:00", "accept"));
    json::value list = w.list();
    for (int i = 0; i < 50 && is_null(list, "version"); ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        list = w.list();
    }
    EXPECT_EQ(num(list, "version"), 1);
    EXPECT_EQ(num(list, "frozen_count"), 0);
}

TEST(security_list, the_late_attendee_is_told_and_the_door_shows_it) {
    list_world w(list_options("2030-10-08T12:00:00+02:00", "accept"));
    registered early = w.enrol("Premier");
    w.freeze();
    registered late = w.enrol("Dernier");
    ASSERT_EQ(late.status, "confirmed");

    auto files = wait_for_mail(w.server, late.id, "confirmed");
    ASSERT_EQ(files.size(), 1u);
    std::string late_text, early_text;
    wait_for_mail(w.server, early.id, "confirmed");
    for (auto& m : read_messages(w.server.data_dir() / "mail")) {
        std::string name = m.file.filename().string();
        if (name.find("-confirmed") == std::string::npos) continue;
        if (name == files[0]) late_text = m.text;
        else early_text = m.text;
    }
    EXPECT_TRUE(text_has(late_text, "Votre nom n'est pas sur la liste déjà transmise")) << late_text;
    EXPECT_TRUE(text_has(late_text, "Service de la sécurité du Sénat")) << late_text;
    EXPECT_FALSE(text_has(early_text, "liste déjà transmise")) << "confirmed before the freeze";

    http_response page = w.client->get("/m/" + late.token);
    EXPECT_TRUE(text_has(page.body, "Votre nom n'est pas sur la liste déjà transmise")) << page.body;
    EXPECT_FALSE(text_has(w.client->get("/m/" + early.token).body, "liste déjà transmise"));

    std::string door = staff_token(w.server, "porte@colloque.fr", "door");
    http_response list = w.client->get("/api/checkin/list", bearer(door));
    ASSERT_EQ(list.status, 200);
    json::value v = list.json();
    EXPECT_EQ(num(v, "security_list_version"), 1);
    EXPECT_EQ(str(v, "security_list_recipient"), "Service de la sécurité du Sénat");
    for (const auto& r : v.at("registrations").as_array()) {
        std::string id = id_text(r.at("id"));
        EXPECT_TRUE(r.at("on_security_list") == (id == early.id)) << json::serialize(r);
    }
    http_response scan = w.client->post_json("/api/checkin", json::object{{"registration_id", std::stoll(late.id)}},
                                             bearer(door));
    ASSERT_EQ(scan.status, 200) << scan.body;
    EXPECT_EQ(str(scan.json(), "result"), "ok");
    EXPECT_TRUE(scan.json().at("on_security_list") == false);
    EXPECT_TRUE(scan.json().at("registration").at("on_security_list") == false);
}

TEST(security_list, someone_confirmed_from_the_waiting_list_after_the_list_was_sent_is_told_so) {
    server_options o = list_options("2030-10-08T12:00:00+02:00", "accept");
    o.capacity = 1;
    list_world w(o);
    registered seated = w.enrol("Assis");
    registered waiting = w.enrol("Attente");
    ASSERT_EQ(waiting.status, "waitlisted");
    w.freeze();
    ASSERT_EQ(w.client->post_json("/api/manage/" + seated.token + "/cancel", json::object{}).status, 200);

    auto files = wait_for_mail(w.server, waiting.id, "promoted");
    ASSERT_EQ(files.size(), 1u);
    std::string text;
    for (auto& m : read_messages(w.server.data_dir() / "mail"))
        if (m.file.filename().string() == files[0]) text = m.text;
    EXPECT_TRUE(text_has(text, "Votre nom n'est pas sur la liste déjà transmise")) << text;
    EXPECT_TRUE(text_has(text, "alors que votre inscription n'était pas encore confirmée")) << text;
    EXPECT_FALSE(text_has(text, "avant votre inscription")) << "they registered before the list was sent";

    http_response page = w.client->get("/m/" + waiting.token);
    EXPECT_TRUE(text_has(page.body, "pas encore confirmée")) << page.body;
    EXPECT_FALSE(text_has(page.body, "avant votre inscription")) << page.body;

    // Made after the list was sent (a millisecond later at least: the stamps' resolution): the words say that.
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
    registered after = w.enrol("Apres");
    ASSERT_EQ(after.status, "waitlisted");
    http_response late_page = w.client->get("/m/" + after.token);
    EXPECT_TRUE(text_has(late_page.body, "avant votre inscription")) << late_page.body;
}

// A word of `pdftotext -bbox`: its text and box, in points.
struct pdf_word {
    std::string text;
    double top = 0, height = 0;
};

std::vector<pdf_word> pdf_words(const std::string& pdf) {
    temp_dir scratch;
    std::ofstream(scratch.path() / "list.pdf", std::ios::binary) << pdf;
    run_result r = run_program({"pdftotext", "-bbox", "-enc", "UTF-8", (scratch.path() / "list.pdf").string(), "-"});
    EXPECT_EQ(r.exit_status, 0) << r.err;
    std::vector<pdf_word> words;
    std::regex word(R"re(<word xMin="[-0-9.]+" yMin="([-0-9.]+)" xMax="[-0-9.]+" yMax="([-0-9.]+)">([^<]*)</word>)re");
    for (std::sregex_iterator it(r.out.begin(), r.out.end(), word), end; it != end; ++it) {
        double top = std::stod((*it)[1]), bottom = std::stod((*it)[2]);
        words.push_back({(*it)[3], top, bottom - top});
    }
    return words;
}

TEST(security_list, long_organisations_and_roles_wrap_and_no_text_is_under_nine_points) {
    server_options o;
    o.questions_toml = "[security_list]\nrecipient = \"Service de la sécurité du Sénat\"\n"
                       "due_at = \"2030-10-08T12:00:00+02:00\"\n"
                       "fields = [\"last_name\", \"first_name\", \"organisation\", \"role\"]\n";
    list_world w(o);
    json::object body = person(unique_email("long"));
    body["last_name"] = "Zyxwvutsrq";
    body["organisation"] = "Communauté d'agglomération du Grand Besançon Métropole, direction générale des services";
    body["role"] = "Directrice adjointe de cabinet chargée des relations avec les collectivités partenaires";
    ASSERT_EQ(register_body(*w.client, body).response.status, 201);

    http_response pdf = w.client->get("/api/exports/security-list.pdf", w.admin);
    ASSERT_EQ(pdf.status, 200) << pdf.body;
    auto words = pdf_words(pdf.body);
    ASSERT_FALSE(words.empty());
    // Word boxes are as tall as their font is large: the 10 pt name gives the scale.
    auto name = std::find_if(words.begin(), words.end(), [](const pdf_word& x) { return x.text == "Zyxwvutsrq"; });
    ASSERT_NE(name, words.end());
    const double per_point = name->height / 10;
    for (const auto& x : words)
        EXPECT_GE(x.height / per_point, 9 - 0.05) << "« " << x.text << " » is smaller than 9 pt";
    // Every word is there (wrapped, not cut), the organisation over several lines.
    auto top_of = [&](const std::string& text) {
        auto it = std::find_if(words.begin(), words.end(), [&](const pdf_word& x) { return x.text == text; });
        EXPECT_NE(it, words.end()) << text << " is missing";
        return it == words.end() ? 0.0 : it->top;
    };
    EXPECT_LT(top_of("Communauté"), top_of("services"));
    EXPECT_LT(top_of("Directrice"), top_of("partenaires"));
}

TEST(security_list, without_a_list_the_marks_are_null_and_the_routes_say_so) {
    server_options o;
    list_world w(o);
    registered r = w.enrol("Sans");
    EXPECT_EQ(w.on_list(r.id), "null");
    expect_error(w.client->get("/api/security-list", w.admin), 404, "not_found");
    EXPECT_FALSE(event_info(*w.client).contains("security_list"));
}

TEST(security_list, the_command_line_exports_the_list) {
    list_world w(list_options());
    ASSERT_EQ(w.enrol("Ligne").response.status, 201);
    w.freeze();
    auto path = w.server.data_dir() / "liste.csv";
    run_result out = run_cli(w.server, {"export", "--list", "security", "--format", "csv", "--output", path.string()}, {});
    ASSERT_EQ(out.exit_status, 0) << out.err;
    run_result changes = run_cli(w.server, {"export", "--list", "security", "--changes", "--format", "pdf"}, {});
    ASSERT_EQ(changes.exit_status, 0) << changes.err;
    EXPECT_TRUE(text_has(pdf_text(changes.out), "Aucune personne.")) << "no change since the freeze";
    EXPECT_EQ(run_cli(w.server, {"export", "--changes", "--format", "csv"}, {}).exit_status, 2);
}

}  // namespace
}  // namespace colloq_it
