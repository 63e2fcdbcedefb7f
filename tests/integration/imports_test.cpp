// Invitees by list: POST /api/imports/registrations and `colloq import` against the real server,
// with the files people really send (Excel's ';' in Windows-1252, UTF-8 with a BOM, the export
// itself), faulty lines, duplicates, all or nothing, 2,000 lines, and each role's scope.
#include <chrono>
#include <fstream>
#include <optional>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "staff_support.hpp"
#include "test_support.hpp"

namespace colloq_it {
namespace {

namespace json = boost::json;

const char* const import_questions = R"([[questions]]
id = "dejeuner"
label = "Je reste au déjeuner"
type = "checkbox"

[[questions]]
id = "ateliers"
label = "Ateliers"
type = "choices"
options = ["Éthique", "Outils", "Achats"]

[[questions]]
id = "arrivee"
label = "Date d'arrivée"
type = "date"
)";

struct import_world {
    server_process server;
    std::optional<http_client> client{std::in_place, server.base_url()};
    credentials admin_account;
    header_list admin;

    explicit import_world(server_options options) : server(std::move(options)) {
        admin_account = first_admin(server);
        admin = bearer(create_token(server, admin_account.email));
    }

    http_response import(const std::string& bytes, const std::string& query = "", const header_list& auth = {}) {
        return client->post_raw("/api/imports/registrations" + query, bytes, "text/csv", auth.empty() ? admin : auth);
    }

    std::vector<json::object> listed(const std::string& query = "") { return staff_list(*client, admin, query); }
};

server_options import_options() {
    server_options o;
    o.capacity = 3000;
    o.questions_toml = import_questions;
    return o;
}

// Windows-1252 bytes of a Latin-1 text written as UTF-8 in this file (é → 0xE9…).
std::string windows_1252(const std::string& utf8) {
    std::string out;
    for (std::size_t i = 0; i < utf8.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(utf8[i]);
        if (c < 0x80) {
            out += static_cast<char>(c);
        } else {
            unsigned char next = static_cast<unsigned char>(utf8[++i]);
            out += static_cast<char>(((c & 0x1F) << 6) | (next & 0x3F));
        }
    }
    return out;
}

std::string text_of(const json::value& v, const char* key) { return str(v, key); }

TEST(imports, excel_semicolon_file_in_windows_1252_imports_every_line_with_its_accents) {
    import_world w(import_options());
    std::string file = windows_1252(
        "Nom;Prénom;E-mail;Collectivité ou organisme;Fonction;Association partenaire;Je reste au déjeuner;"
        "Ateliers;Date d'arrivée\r\n"
        "Lefèvre;Hélène;helene.lefevre@exemple-mairie.fr;Mairie de Sète;Directrice de cabinet;Dextera;Oui;"
        "\"Éthique ; Outils\";09/10/2030\r\n"
        "Noël;Zoé;zoe.noel@exemple-region.fr;Région Île-de-France;Chargée de mission;;Non;;\r\n");
    http_response r = w.import(file);
    ASSERT_EQ(r.status, 200) << r.body;
    json::value v = r.json();
    EXPECT_EQ(num(v, "created"), 2);
    EXPECT_EQ(num(v, "already_registered"), 0);
    EXPECT_EQ(text_of(v, "encoding"), "Windows-1252");
    EXPECT_EQ(text_of(v, "separator"), ";");
    EXPECT_EQ(v.at("errors").as_array().size(), 0u);

    auto list = w.listed("?q=lefevre");
    ASSERT_EQ(list.size(), 1u);
    EXPECT_EQ(str(list[0], "last_name"), "Lefèvre");
    EXPECT_EQ(str(list[0], "first_name"), "Hélène");
    EXPECT_EQ(str(list[0], "organisation"), "Mairie de Sète");
    EXPECT_EQ(str(list[0], "partner"), "dextera");
    EXPECT_EQ(str(list[0], "status"), "confirmed");
    ASSERT_TRUE(list[0].contains("answers")) << json::serialize(list[0]);
    SCOPED_TRACE(json::serialize(list[0]));
    const auto& answers = list[0].at("answers");
    EXPECT_TRUE(answers.at("dejeuner") == true);
    EXPECT_EQ(json::serialize(answers.at("ateliers")), R"(["Éthique","Outils"])");
    EXPECT_EQ(str(answers, "arrivee"), "2030-10-09");
    auto other = w.listed("?q=noel");
    ASSERT_EQ(other.size(), 1u);
    EXPECT_TRUE(is_null(other[0], "partner"));
    EXPECT_EQ(json::serialize(other[0].at("answers")), "{}") << "« Non » is an unticked box, as on the form";

    // Each invitee gets the usual e-mail, with the badge.
    wait_for_mail(w.server, id_text(list[0].at("id")), "confirmed");
}

TEST(imports, utf8_with_a_bom_and_commas_and_the_api_names_are_read_too) {
    import_world w(import_options());
    std::string file = "\xEF\xBB\xBF" "first_name,last_name,email,organisation,role,partner,dejeuner\n"
                       "\"Jean-Baptiste\",\"D'Ormesson, fils\",jb@exemple.fr,\"Conseil départemental\nde la Drôme\","
                       "Élu,dircab,x\n";
    http_response r = w.import(file, "?send_email=0");
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(text_of(r.json(), "encoding"), "UTF-8 avec BOM");
    EXPECT_EQ(text_of(r.json(), "separator"), ",");
    auto list = w.listed("?q=ormesson");
    ASSERT_EQ(list.size(), 1u);
    EXPECT_EQ(str(list[0], "last_name"), "D'Ormesson, fils");
    EXPECT_EQ(str(list[0], "partner"), "dircab");
    EXPECT_EQ(str(list[0], "organisation"), "Conseil départemental de la Drôme")
        << "a line break inside a quoted cell is a space, as the form makes it";
}

TEST(imports, every_faulty_line_is_named_and_nothing_is_written) {
    import_world w(import_options());
    std::string file =
        "Nom;Prénom;E-mail;Collectivité ou organisme;Fonction;Association partenaire;Je reste au déjeuner\n"
        "Bonne;Ligne;bonne@exemple.fr;Mairie;Maire;;\n"
        ";Sansnom;sansnom@exemple.fr;Mairie;Maire;;\n"
        "Adresse;Fausse;pas-une-adresse;Mairie;Maire;;\n"
        "\n"
        "Partenaire;Inconnu;inconnu@exemple.fr;Mairie;Maire;Les Amis;\n"
        "Double;Ligne;BONNE@exemple.fr;Mairie;Maire;;\n"
        "Case;Douteuse;case@exemple.fr;Mairie;Maire;;peut-être\n";
    for (const char* query : {"", "?dry_run=1"}) {
        SCOPED_TRACE(query);
        http_response r = w.import(file, query);
        ASSERT_EQ(r.status, 422) << r.body;
        json::value v = r.json();
        EXPECT_EQ(text_of(v, "error"), "invalid");
        EXPECT_TRUE(looks_french(text_of(v, "message"))) << r.body;
        const auto& errors = v.at("errors").as_array();
        std::vector<std::pair<long long, std::string>> got;
        for (const auto& e : errors) got.emplace_back(num(e, "line"), str(e, "field"));
        std::vector<std::pair<long long, std::string>> expected{
            {3, "last_name"}, {4, "email"}, {6, "partner"}, {7, "email"}, {8, "answers.dejeuner"}};
        EXPECT_EQ(got, expected) << r.body << "\n(line 5 is blank and keeps its number)";
        EXPECT_NE(str(errors[3], "message").find("ligne 2"), std::string::npos) << "the duplicate names its first line";
        EXPECT_EQ(str(errors[1], "column"), "E-mail");
    }
    EXPECT_EQ(w.listed().size(), 0u) << "all or nothing: the good line is not registered either";
}

TEST(imports, the_header_must_name_known_columns_and_the_five_fields) {
    import_world w(import_options());
    http_response unknown = w.import("Nom;Prénom;E-mail;Collectivité ou organisme;Fonction;Notes\nA;B;a@b.fr;C;D;E\n");
    ASSERT_EQ(unknown.status, 422) << unknown.body;
    EXPECT_EQ(num(unknown.json().at("errors").as_array()[0], "line"), 1);
    EXPECT_EQ(str(unknown.json().at("errors").as_array()[0], "column"), "Notes");
    http_response missing = w.import("Nom;Prénom;E-mail\nA;B;a@b.fr\n");
    ASSERT_EQ(missing.status, 422) << missing.body;
    EXPECT_EQ(missing.json().at("errors").as_array().size(), 2u) << "organisation and role";
    expect_error(w.import(""), 422, "invalid");
    expect_error(w.import("Nom;Prénom;E-mail;Collectivité ou organisme;Fonction\n"), 422, "invalid");
    expect_error(w.import(std::string("Nom;Pr\x81nom\n")), 422, "invalid");  // neither UTF-8 nor Windows-1252
    EXPECT_EQ(w.listed().size(), 0u);
}

TEST(imports, a_dry_run_says_what_would_be_done_and_existing_addresses_are_reported_not_duplicated) {
    import_world w(import_options());
    registered existing = register_body(*w.client, person("deja@exemple.fr"));
    ASSERT_EQ(existing.response.status, 201);
    std::string file = "Nom;Prénom;E-mail;Collectivité ou organisme;Fonction\n"
                       "Nouveau;Venu;nouveau@exemple.fr;Mairie;Maire\n"
                       "Deja;Inscrit;Deja@Exemple.fr;Mairie;Maire\n";
    http_response dry = w.import(file, "?dry_run=1");
    ASSERT_EQ(dry.status, 200) << dry.body;
    EXPECT_TRUE(dry.json().at("dry_run") == true);
    EXPECT_EQ(num(dry.json(), "created"), 1);
    EXPECT_EQ(num(dry.json(), "already_registered"), 1);
    EXPECT_EQ(w.listed().size(), 1u) << "a dry run writes nothing";

    http_response real = w.import(file);
    ASSERT_EQ(real.status, 200) << real.body;
    json::value v = real.json();
    EXPECT_EQ(num(v, "created"), 1);
    EXPECT_EQ(num(v, "already_registered"), 1);
    const auto& lines = v.at("lines").as_array();
    ASSERT_EQ(lines.size(), 2u);
    EXPECT_EQ(str(lines[1], "result"), "already_registered");
    EXPECT_EQ(num(lines[1], "line"), 3);
    EXPECT_EQ(id_text(lines[1].at("id")), existing.id);
    EXPECT_EQ(str(lines[0], "status"), "confirmed");
    EXPECT_EQ(w.listed().size(), 2u);

    // Sent again: every address is now known, nothing is added.
    http_response again = w.import(file);
    ASSERT_EQ(again.status, 200) << again.body;
    EXPECT_EQ(num(again.json(), "created"), 0);
    EXPECT_EQ(num(again.json(), "already_registered"), 2);
    EXPECT_EQ(w.listed().size(), 2u);

    // The audit trail says who imported whom.
    http_response audit = w.client->get("/api/audit", w.admin);
    json::value trail = audit.json();
    ASSERT_FALSE(trail.at("entries").as_array().empty()) << audit.body;
    EXPECT_EQ(str(trail.at("entries").as_array()[0], "action"), "import");
    EXPECT_EQ(str(trail.at("entries").as_array()[0], "staff"), w.admin_account.email);
}

TEST(imports, two_thousand_lines_import_in_one_go_and_the_seat_rules_hold) {
    server_options o = import_options();
    o.capacity = 1000;
    import_world w(o);
    std::string file = "Nom;Prénom;E-mail;Collectivité ou organisme;Fonction;Association partenaire\n";
    for (int i = 1; i <= 2000; ++i)
        file += "Invité" + std::to_string(i) + ";Camille;invite" + std::to_string(i) +
                "@exemple-collectivite.fr;Communauté de communes;Directrice générale des services;" +
                (i % 2 ? "Dextera" : "") + "\n";
    ASSERT_GT(file.size(), 64u * 1024) << "past the usual body limit";
    http_response r = w.import(file, "?send_email=0");
    ASSERT_EQ(r.status, 200) << r.body.substr(0, 500);
    EXPECT_EQ(num(r.json(), "created"), 2000);
    auto event = event_info(*w.client);
    EXPECT_EQ(num(event, "confirmed"), 1000);
    EXPECT_EQ(num(event, "waitlisted"), 1000) << "Dextera's quota of 80 and the capacity both hold";
    EXPECT_EQ(num(partner_info(event, "dextera"), "confirmed"), 80);
    EXPECT_EQ(w.listed().size(), 2000u);

    std::string too_large(4 * 1024 * 1024 + 1, 'a');
    expect_error(w.import(too_large), 413, "too_large");
}

TEST(imports, a_partner_imports_its_own_people_only) {
    import_world w(import_options());
    std::string dextera = staff_token(w.server, "equipe@dextera.org", "partner", "dextera");
    std::string door = staff_token(w.server, "porte@colloque.fr", "door");
    std::string own = "Nom;Prénom;E-mail;Collectivité ou organisme;Fonction\nMembre;Une;une@exemple.fr;Mairie;Maire\n";
    http_response r = w.import(own, "", bearer(dextera));
    ASSERT_EQ(r.status, 200) << r.body;
    auto list = w.listed();
    ASSERT_EQ(list.size(), 1u);
    EXPECT_EQ(str(list[0], "partner"), "dextera") << "a partner's import is its own";

    expect_error(w.import(own, "?partner=dircab", bearer(dextera)), 403, "forbidden");
    http_response other_line = w.import(
        "Nom;Prénom;E-mail;Collectivité ou organisme;Fonction;Association partenaire\n"
        "Autre;Une;autre@exemple.fr;Mairie;Maire;Dircab\n", "", bearer(dextera));
    ASSERT_EQ(other_line.status, 422) << other_line.body;
    EXPECT_EQ(str(other_line.json().at("errors").as_array()[0], "field"), "partner");
    expect_error(w.import(own, "", bearer(door)), 403, "forbidden");
    expect_error(w.client->post_raw("/api/imports/registrations", own, "text/csv"), 401, "unauthenticated");
    expect_error(w.import(own, "?partner=inconnue"), 422, "invalid", "partner");
    EXPECT_EQ(w.listed().size(), 1u);
}

TEST(imports, the_export_imports_into_another_event_as_it_is) {
    import_world source(import_options());
    json::object body = person("export@exemple.fr", "coopcab");
    body["last_name"] = "Exportée";
    body["answers"] = json::object{{"dejeuner", true}, {"ateliers", json::array{"Outils", "Achats"}}};
    ASSERT_EQ(register_body(*source.client, body).response.status, 201);
    http_response csv = source.client->get("/api/exports/registrations.csv", source.admin);
    ASSERT_EQ(csv.status, 200);

    import_world target(import_options());
    http_response r = target.import(csv.body);
    ASSERT_EQ(r.status, 200) << r.body;
    auto list = target.listed();
    ASSERT_EQ(list.size(), 1u);
    EXPECT_EQ(str(list[0], "last_name"), "Exportée");
    EXPECT_EQ(str(list[0], "partner"), "coopcab") << "the partner's name in the export is recognised";
    EXPECT_TRUE(list[0].at("answers").at("dejeuner") == true);
    EXPECT_EQ(json::serialize(list[0].at("answers").at("ateliers")), R"(["Outils","Achats"])");
}

TEST(imports, the_command_line_imports_while_the_server_runs_and_the_server_sees_it) {
    import_world w(import_options());
    registered before = register_new(*w.client);
    ASSERT_EQ(before.response.status, 201);
    auto path = w.server.data_dir() / "invites.csv";
    {
        std::ofstream out(path, std::ios::binary);
        out << "Nom;Prénom;E-mail;Collectivité ou organisme;Fonction\n"
               "Ligne;De Commande;cli@exemple.fr;Préfecture;Sous-préfète\n";
    }
    run_result dry = run_cli(w.server, {"import", "--input", path.string(), "--dry-run"}, {});
    EXPECT_EQ(dry.exit_status, 0) << dry.err;
    EXPECT_NE(dry.out.find("1 inscription(s) à créer"), std::string::npos) << dry.out;
    EXPECT_EQ(num(event_info(*w.client), "confirmed"), 1);

    run_result done = run_cli(w.server, {"import", "--input", path.string(), "--partner", "dircab"}, {});
    ASSERT_EQ(done.exit_status, 0) << done.err;
    EXPECT_NE(done.out.find("1 inscription(s) créée(s)"), std::string::npos) << done.out;

    // The running server counts the new registration within a few seconds, and its next
    // registration takes the next id rather than the imported one's.
    long long confirmed = 0;
    for (int i = 0; i < 50 && confirmed != 2; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        confirmed = num(event_info(*w.client), "confirmed");
    }
    EXPECT_EQ(confirmed, 2);
    EXPECT_EQ(num(partner_info(event_info(*w.client), "dircab"), "confirmed"), 1);
    registered after = register_new(*w.client);
    ASSERT_EQ(after.response.status, 201) << after.response.body;
    EXPECT_EQ(std::stoll(after.id), std::stoll(before.id) + 2);
    EXPECT_EQ(w.listed().size(), 3u);

    std::ofstream(path, std::ios::binary) << "Nom;Prénom\nA;B\n";
    run_result faulty = run_cli(w.server, {"import", "--input", path.string()}, {});
    EXPECT_EQ(faulty.exit_status, 1);
    EXPECT_NE(faulty.err.find(":1: "), std::string::npos) << faulty.err;
    EXPECT_EQ(run_cli(w.server, {"import"}, {}).exit_status, 2);
}

}  // namespace
}  // namespace colloq_it
