// Personal data as the privacy notice promises: the retention period's purge (a dry run, at
// start, then on its next run), counts and statistics unchanged, exports without personal data,
// the erased values searched byte for byte in the database, its log and the mail spool; the
// attendee's erasure (the seat goes on, the last e-mail, the link dead) and an organiser's; the
// data download; the notice built from the configuration.
#include <csignal>
#include <fstream>
#include <regex>
#include <thread>

#include <gtest/gtest.h>

#include "badge_support.hpp"
#include "server_database.hpp"
#include "smtp_sink.hpp"
#include "staff_support.hpp"
#include "test_support.hpp"

namespace colloq_it {
namespace {

namespace json = boost::json;
namespace fs = std::filesystem;
using namespace std::chrono_literals;

const char* regime_question = R"(
[[questions]]
id = "regime"
label = "Régime alimentaire"
type = "text"
)";

// An event that ended two days ago; `privacy` is the [privacy] section, or nothing.
server_options ended_event(const std::string& privacy) {
    server_options o;
    o.capacity = 2;
    o.starts_at = utc_from_now(-72h);
    o.ends_at = utc_from_now(-48h);
    o.questions_toml = regime_question;
    o.sections_toml = privacy;
    return o;
}

// Every file colloq keeps in its data directory where a person's values could stay.
std::vector<fs::path> kept_files(const server_process& server) {
    std::vector<fs::path> files{server.db_path(), fs::path(server.db_path().string() + "-wal")};
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(server.data_dir() / "mail", ec)) files.push_back(entry.path());
    return files;
}

// The files among them that still hold `needle`, byte for byte; on PostgreSQL, whose files are
// not colloq's to keep, the tables whose rows do.
std::vector<std::string> files_holding(const server_process& server, const std::string& needle) {
    std::vector<std::string> out;
    for (const auto& f : kept_files(server))
        if (fs::exists(f) && text_has(badge_kit::read_bytes(f), needle)) out.push_back(f.filename().string());
    if (on_postgresql()) {
        server_database db(server);
        for (const auto& table : db.rows("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"))
            if (db.integer("SELECT count(*) FROM " + *table[0] + " t WHERE strpos(t::text, ?) > 0", {needle}) > 0)
                out.push_back("table " + *table[0]);
    }
    return out;
}

// Waits (the log is truncated once no reader holds it) until no file holds any of `needles`.
void expect_nowhere(const server_process& server, const std::vector<std::string>& needles) {
    for (int i = 0; i < 100; ++i) {
        bool found = false;
        for (const auto& n : needles) found = found || !files_holding(server, n).empty();
        if (!found) return;
        std::this_thread::sleep_for(100ms);
    }
    for (const auto& n : needles) EXPECT_EQ(files_holding(server, n), std::vector<std::string>{}) << n;
}

json::object stats(http_client& client, const header_list& auth) {
    auto o = client.get("/api/stats", auth).json().as_object();
    o.erase("remaining");  // the seats left are the same; kept out only to compare the figures below
    return o;
}

TEST(privacy, the_purge_runs_at_start_and_again_leaving_counts_and_no_trace) {
    server_process server(ended_event(""));
    http_client client(server.base_url());
    auto admin = bearer(create_token(server, first_admin(server).email));
    auto door = bearer(staff_token(server, "accueil@example.org", "door"));
    auto body = person("elodie.introuvable@exemple-secret.fr");
    body["first_name"] = "Élodie";
    body["last_name"] = "Introuvable";
    body["organisation"] = "Mairie de Valcourt-Secret";
    body["answers"] = json::object{{"regime", "sans arachide"}};
    auto elodie = register_body(client, body);
    auto marc = register_new(client, std::string("dextera"), "marc-efface");
    auto waiting = register_new(client, std::nullopt, "attente-effacee");
    ASSERT_EQ(elodie.status, "confirmed");
    ASSERT_EQ(waiting.status, "waitlisted");
    temp_dir scratch;
    ASSERT_EQ(client.post_json("/api/checkin", json::object{{"ticket", badge_kit::ticket_of(client, elodie.token, scratch.path())}}, door).status, 200);
    ASSERT_EQ(client.patch_json("/api/registrations/" + marc.id, json::object{{"last_name", "Corrigé-Effacé"}}, admin).status, 200);
    wait_for_mail(server, marc.id, "confirmed", 2);
    auto before = stats(client, admin);
    const std::vector<std::string> personal{"elodie.introuvable@exemple-secret.fr", "Introuvable", "Valcourt-Secret",
                                            "sans arachide", "Corrigé-Effacé", "marc-efface", "attente-effacee"};
    ASSERT_FALSE(files_holding(server, "Introuvable").empty()) << "the test looks for the wrong bytes";

    // With the retention period over: a dry run says what it would do, and does nothing.
    server.stop(SIGTERM);
    server.write_config(make_config(ended_event("[privacy]\nretention_days = 1\npurge_interval = 2\n")));
    auto dry = run_cli(server, {"purge"}, {"--dry-run"});
    EXPECT_EQ(dry.exit_status, 0) << dry.err;
    EXPECT_TRUE(text_has(dry.out, "3 inscription(s) à anonymiser")) << dry.out;
    EXPECT_FALSE(files_holding(server, "Introuvable").empty()) << "the dry run changed something";

    // At start, the purge.
    server.restart();
    for (int i = 0; i < 100 && !text_has(server.log(), "colloq: purge: 3 registrations anonymised"); ++i)
        std::this_thread::sleep_for(100ms);
    ASSERT_TRUE(text_has(server.log(), "colloq: purge: 3 registrations anonymised")) << server.log();
    expect_nowhere(server, personal);
    http_client again(server.base_url());  // a new port
    EXPECT_EQ(stats(again, admin), before) << "the counts changed";
    EXPECT_EQ(again.get("/m/" + elodie.token).status, 404);

    auto csv = again.get("/api/exports/registrations.csv", admin);
    ASSERT_EQ(csv.status, 200);
    auto rows = read_csv(csv.body, ';');
    EXPECT_EQ(rows.size(), 4u) << "the header and the three registrations";
    for (const auto& n : personal) EXPECT_FALSE(text_has(csv.body, n)) << n;
    auto audit = again.get("/api/audit", admin).json().at("entries").as_array();
    ASSERT_FALSE(audit.empty());
    EXPECT_EQ(str(audit.front(), "action"), "purge");
    EXPECT_TRUE(is_null(audit.front(), "staff"));
    EXPECT_TRUE(text_has(str(audit.front(), "detail"), "3")) << audit.front();

    // Its next run takes who registered since.
    auto late = register_new(again, std::nullopt, "inscrite-apres");
    std::string after;
    for (int i = 0; i < 100; ++i) {
        after.clear();
        for (const auto& r : staff_list(again, admin)) after += json::serialize(r);
        if (!text_has(after, "inscrite-apres")) break;
        std::this_thread::sleep_for(100ms);
    }
    EXPECT_FALSE(text_has(after, "inscrite-apres")) << "the purge did not run again";
    expect_nowhere(server, {"inscrite-apres"});
}

TEST(privacy, an_attendee_erases_their_data_the_seat_goes_on_and_a_last_email_confirms) {
    smtp_sink sink;
    server_options o;
    o.capacity = 1;
    server_process server(config_with_smtp(o, sink.url(), 1));
    http_client client(server.base_url());
    auto body = person("camille.oubliee@exemple-secret.fr");
    body["last_name"] = "Oubliée-Pourtoujours";
    auto gone = register_body(client, body);
    auto next = register_new(client, std::nullopt, "suivante");
    ASSERT_EQ(next.status, "waitlisted");
    ASSERT_EQ(sink.wait_for(2, 20s), 2u);

    auto erased = client.post_json("/api/manage/" + gone.token + "/erase", json::object{});
    ASSERT_EQ(erased.status, 200) << erased.body;
    EXPECT_EQ(str(erased.json(), "status"), "erased");
    expect_error(client.post_json("/api/manage/" + gone.token + "/erase", json::object{}), 404, "not_found");
    expect_error(client.get("/api/manage/" + gone.token), 404, "not_found");
    EXPECT_EQ(manage_status(client, next.token), "confirmed") << "the seat went to the next in line";

    ASSERT_EQ(sink.wait_for(4, 20s), 4u) << "the promotion and the last e-mail";
    std::this_thread::sleep_for(500ms);
    auto messages = sink.messages();
    auto last = std::find_if(messages.begin(), messages.end(), [](const auto& m) { return text_has(m.subject, "effacées"); });
    ASSERT_NE(last, messages.end());
    EXPECT_EQ(last->rcpt_to, "camille.oubliee@exemple-secret.fr");
    EXPECT_FALSE(text_has(last->text, "Oubliée-Pourtoujours")) << last->text;
    EXPECT_FALSE(text_has(last->text, "/m/")) << "no link: it works no more";
    expect_nowhere(server, {"camille.oubliee@exemple-secret.fr", "Oubliée-Pourtoujours"});
}

TEST(privacy, an_organiser_erases_for_someone_who_asks_and_only_an_organiser_may) {
    server_process server;
    http_client client(server.base_url());
    auto admin = bearer(create_token(server, first_admin(server).email));
    auto partner = bearer(staff_token(server, "equipe@dextera.example", "partner", "dextera"));
    auto r = register_new(client, std::string("dextera"), "demande-par-mail");
    expect_error(client.post_json("/api/registrations/" + r.id + "/erase", json::object{}, partner), 403, "forbidden");
    expect_error(client.post_json("/api/registrations/" + r.id + "/erase", json::object{}), 401, "unauthenticated");
    auto done = client.post_json("/api/registrations/" + r.id + "/erase", json::object{}, admin);
    ASSERT_EQ(done.status, 200) << done.body;
    EXPECT_EQ(str(done.json(), "status"), "erased");
    expect_error(client.post_json("/api/registrations/" + r.id + "/erase", json::object{}, admin), 404, "not_found");
    expect_error(client.post_json("/api/registrations/abc/erase", json::object{}, admin), 404, "not_found");
    auto listed = find_by_id(staff_list(client, admin), r.id);
    EXPECT_EQ(str(listed, "status"), "cancelled");
    EXPECT_EQ(str(listed, "last_name"), "");
    expect_nowhere(server, {"demande-par-mail"});
    bool audited = false;
    auto audit = client.get("/api/audit", admin).json().at("entries").as_array();
    for (const auto& e : audit)
        audited = audited || (str(e, "action") == "erase" && id_text(e.at("registration_id")) == r.id);
    EXPECT_TRUE(audited);
}

TEST(privacy, the_download_holds_everything_kept_about_a_person) {
    server_options o;
    o.questions_toml = regime_question;
    server_process server(o);
    http_client client(server.base_url());
    auto admin = bearer(create_token(server, first_admin(server).email));
    auto door = bearer(staff_token(server, "accueil@example.org", "door"));
    auto body = person("jeanne.telecharge@exemple.fr");
    body["answers"] = json::object{{"regime", "végétarien"}};
    auto r = register_body(client, body);
    ASSERT_EQ(client.patch_json("/api/registrations/" + r.id, json::object{{"first_name", "Jeanne-Marie"}}, admin).status, 200);
    wait_for_mail(server, r.id, "confirmed", 2);
    temp_dir scratch;
    std::string ticket = badge_kit::ticket_of(client, r.token, scratch.path());
    ASSERT_EQ(client.post_json("/api/checkin", json::object{{"ticket", ticket}, {"door", "Vaugirard"}}, door).status, 200);

    auto answer = client.get("/api/manage/" + r.token + "/data");
    ASSERT_EQ(answer.status, 200);
    EXPECT_TRUE(text_has(answer.header("content-disposition"), "attachment")) << answer.header("content-disposition");
    auto data = answer.json().as_object();
    const auto& reg = data.at("registration").as_object();
    EXPECT_EQ(str(reg, "first_name"), "Jeanne-Marie");
    EXPECT_EQ(str(reg, "email"), "jeanne.telecharge@exemple.fr");
    EXPECT_EQ(str(reg.at("answers"), "regime"), "végétarien");
    EXPECT_EQ(str(reg, "status"), "confirmed");
    EXPECT_FALSE(is_null(reg, "checked_in_at"));
    EXPECT_EQ(str(reg, "checked_in_door"), "Vaugirard");
    std::smatch version;
    std::string notice = client.get("/confidentialite").body;
    ASSERT_TRUE(std::regex_search(notice, version, std::regex("Version de cette notice&nbsp;: ([0-9a-f]{16})")));
    EXPECT_EQ(str(data.at("consent"), "notice_version"), version[1].str());
    EXPECT_EQ(str(data.at("consent"), "given_at"), str(reg, "created_at"));
    const auto& emails = data.at("emails").as_array();
    ASSERT_EQ(emails.size(), 2u);
    for (const auto& e : emails) {
        EXPECT_EQ(str(e, "kind"), "confirmed");
        EXPECT_EQ(str(e, "state"), "sent");
    }
    ASSERT_EQ(data.at("door_scans").as_array().size(), 1u);
    EXPECT_EQ(str(data.at("door_scans").as_array()[0], "result"), "ok");
    bool edited = false;
    for (const auto& a : data.at("staff_actions").as_array()) edited = edited || str(a, "action") == "edit";
    EXPECT_TRUE(edited);
    expect_error(client.get("/api/manage/1.inconnu/data"), 404, "not_found");

    // The staff export shows the consent too.
    auto csv = read_csv(client.get("/api/exports/registrations.csv", admin).body, ';');
    ASSERT_EQ(csv.size(), 2u);
    auto column = std::find(csv[0].begin(), csv[0].end(), "Version de la notice") - csv[0].begin();
    ASSERT_LT(static_cast<std::size_t>(column), csv[0].size());
    EXPECT_EQ(csv[1][column], version[1].str());
}

TEST(privacy, the_notice_says_what_the_configuration_does) {
    server_options o;
    o.questions_toml = std::string(regime_question) +
                       "\n[security_list]\nrecipient = \"Service de la sécurité du Sénat\"\n"
                       "due_at = \"2030-10-08T12:00:00+02:00\"\nfields = [\"last_name\", \"first_name\"]\n";
    o.sections_toml = "[privacy]\nretention_days = 30\ncontroller = \"Métropole de Nulle-Part\"\n"
                      "dpo_email = \"dpo@nulle-part.example\"\n";
    server_process server(o);
    http_client client(server.base_url());
    std::string notice = client.get("/confidentialite").body;
    for (const char* expected : {"Métropole de Nulle-Part", "dpo@nulle-part.example", "30 jours après le colloque",
                                 "9 novembre 2030", "Service de la sécurité du Sénat", "Nom et Prénom",
                                 "Régime alimentaire", "Dextera"})
        EXPECT_TRUE(text_has(notice, expected)) << expected;
    EXPECT_FALSE(text_has(notice, "trois mois"));

    server_process kept;  // no [privacy]: kept until the organiser deletes them
    std::string kept_notice = http_client(kept.base_url()).get("/confidentialite").body;
    EXPECT_TRUE(text_has(kept_notice, "Jusqu'à ce que l'organisateur les supprime")) << kept_notice;
    EXPECT_FALSE(text_has(kept_notice, "jours après le colloque"));
    EXPECT_FALSE(text_has(kept_notice, "Service de la sécurité")) << "no list configured, no such recipient";
}

}  // namespace
}  // namespace colloq_it
