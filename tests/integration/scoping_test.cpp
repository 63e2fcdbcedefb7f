// Who may do what: every staff and door route walked with every role, from one table,
// and what partner B's lists, exports and counts contain (never partner A's people).
#include <array>
#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "server_database.hpp"
#include "staff_support.hpp"
#include "test_support.hpp"

namespace colloq_it {
namespace {

namespace json = boost::json;

enum role_index { none, admin, partner_a, partner_b, door, role_count };
constexpr std::array<const char*, role_count> role_names{"none", "admin", "partner A (dextera)",
                                                         "partner B (dircab)", "door"};
// Refused one way or another (404 or 422), never carried out.
constexpr int refused = -1;

struct route_case {
    const char* method;
    const char* path;  // {a}: a fresh registration of partner A; {b}: one of partner B
    const char* body;  // JSON text; "" for none
    std::array<int, role_count> expected;  // none, admin, partner A, partner B, door
};

// Partner A (dextera) approves each sign-up; partner B (dircab) does not.
server_options scoping_options() {
    server_options o;
    o.partners = {{"dextera", "Dextera", 80, true}, {"dircab", "Dircab", 80, false}, {"coopcab", "CoopCab", 80, false}};
    return o;
}

struct world {
    server_process server{scoping_options()};
    http_client client{server.base_url()};
    std::array<header_list, role_count> auth;

    world() {
        credentials a = first_admin(server);
        auth[admin] = bearer(create_token(server, a.email));
        auth[partner_a] = bearer(staff_token(server, "equipe@dextera.org", "partner", "dextera"));
        auth[partner_b] = bearer(staff_token(server, "equipe@dircab.org", "partner", "dircab"));
        auth[door] = bearer(staff_token(server, "accueil@example.org", "door"));
    }

    std::string enrol(const std::string& partner, const std::string& last_name) {
        auto body = person(unique_email("scope"), partner.empty() ? std::nullopt : std::optional(partner));
        body["last_name"] = last_name;
        auto r = register_body(client, body);
        EXPECT_EQ(r.response.status, 201) << r.response.body;
        return r.id;
    }

    http_response send(const std::string& method, const std::string& path, const std::string& body, int role) {
        header_list h = auth[role];
        if (method != "GET") h.emplace_back("Content-Type", "application/json");
        return client.request(method, path, body, h);
    }

    // What a refused request must leave as it was.
    std::string footprint(const std::string& id) {
        server_database db(server);
        return db.text("SELECT status || '|' || organisation || '|' || first_name FROM registrations WHERE id = ?", {id}) +
               "|audit " + std::to_string(db.integer("SELECT COUNT(*) FROM audit_log")) + "|mail " +
               std::to_string(db.integer("SELECT COUNT(*) FROM outbox WHERE registration_id = ?", {id}));
    }
};

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
    for (auto at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) s.replace(at, from.size(), to);
    return s;
}

void expect_code_shape(const http_response& r, int status) {
    if (status == 401) expect_error(r, 401, "unauthenticated");
    if (status == 403) expect_error(r, 403, "forbidden");
    if (status == 404) expect_error(r, 404, "not_found");
}

void walk(world& w, const std::vector<route_case>& table) {
    for (const auto& row : table) {
        for (int role = 0; role < role_count; ++role) {
            const std::string pattern = row.path;
            std::string target, path = pattern;
            if (text_has(pattern, "{a}")) {
                target = w.enrol("dextera", "Aubrac");
                path = replace_all(pattern, "{a}", target);
            } else if (text_has(pattern, "{b}")) {
                target = w.enrol("dircab", "Berthier");
                path = replace_all(pattern, "{b}", target);
            }
            std::string before = target.empty() ? "" : w.footprint(target);
            http_response r = w.send(row.method, path, row.body, role);
            const int want = row.expected[role];
            SCOPED_TRACE(std::string(row.method) + " " + row.path + " as " + role_names[role]);
            if (want == refused) {
                EXPECT_TRUE(r.status == 404 || r.status == 422) << r.status << " " << r.body;
            } else {
                EXPECT_EQ(r.status, want) << r.body;
                if (r.status == want) expect_code_shape(r, want);
            }
            if (r.status >= 400 && !target.empty()) {
                EXPECT_EQ(w.footprint(target), before) << "a refused request changed the registration";
            }
        }
    }
}

TEST(scoping, every_route_with_every_role) {
    world w;
    const std::vector<route_case> table{
        // method, path, body, {none, admin, partner A, partner B, door}
        {"GET", "/api/registrations", "", {401, 200, 200, 200, 403}},
        {"GET", "/api/registrations?status=pending&partner=dextera&q=aubrac", "", {401, 200, 200, 200, 403}},
        {"POST", "/api/registrations/{a}/approve", "{}", {401, 200, 200, 404, 403}},
        {"POST", "/api/registrations/{a}/decline", "{}", {401, 200, 200, 404, 403}},
        {"POST", "/api/registrations/{a}/cancel", "{}", {401, 200, 200, 404, 403}},
        {"POST", "/api/registrations/{a}/resend", "{}", {401, 200, 200, 404, 403}},
        {"PATCH", "/api/registrations/{a}", R"({"organisation": "Mairie de Rodez"})", {401, 200, 200, 404, 403}},
        {"POST", "/api/registrations/{b}/cancel", "{}", {401, 200, 404, 200, 403}},
        {"POST", "/api/registrations/{b}/resend", "{}", {401, 200, 404, 200, 403}},
        {"PATCH", "/api/registrations/{b}", R"({"last_name": "Bertier"})", {401, 200, 404, 200, 403}},
        {"POST", "/api/registrations/{b}/approve", "{}", {401, 409, 404, 409, 403}},
        {"POST", "/api/registrations/987654/cancel", "{}", {401, 404, 404, 404, 403}},
        {"GET", "/api/audit", "", {401, 200, 403, 403, 403}},
        {"GET", "/api/stats", "", {401, 200, 200, 200, 403}},
        {"GET", "/api/exports/registrations.csv", "", {401, 200, 200, 200, 403}},
        {"GET", "/api/exports/registrations.csv?partner=dextera&status=confirmed&sep=,", "", {401, 200, 200, 200, 403}},
        {"GET", "/api/exports/registrations.xlsx", "", {401, 200, 200, 200, 403}},
        {"GET", "/api/exports/signin-sheet.pdf", "", {401, 200, 200, 200, 403}},
        {"GET", "/api/exports/signin-sheet.pdf?partner=dircab&group=partner", "", {401, 200, 200, 200, 403}},
        {"GET", "/api/checkin/key", "", {401, 200, 403, 403, 200}},
        {"GET", "/api/checkin/list", "", {401, 200, 403, 403, 200}},
        {"POST", "/api/checkin", R"({"ticket": "pas-un-billet"})", {401, 200, 403, 403, 200}},
        {"POST", "/api/checkin/batch", R"({"scans": []})", {401, 200, 403, 403, 200}},
        {"POST", "/api/logout", "{}", {401, 200, 200, 200, 200}},
    };
    walk(w, table);

    // The outcomes themselves, for the roles that may act.
    std::string a = w.enrol("dextera", "Aubrac");
    http_response approved = w.send("POST", "/api/registrations/" + a + "/approve", "{}", partner_a);
    json::value approved_body = approved.json();
    EXPECT_EQ(str(approved_body, "status"), "confirmed") << approved.body;
    ASSERT_TRUE(has(approved_body, "id")) << approved.body;
    EXPECT_EQ(id_text(approved_body.at("id")), a);
    http_response scan = w.send("POST", "/api/checkin", R"({"ticket": "pas-un-billet"})", door);
    EXPECT_EQ(str(scan.json(), "result"), "invalid") << scan.body;
    expect_error(w.send("POST", "/api/registrations/" + a + "/approve", "{}", admin), 409, "invalid_state");
}

TEST(scoping, credentials_are_checked_before_the_request_is_read) {
    world w;
    const std::vector<route_case> table{
        {"GET", "/api/registrations?status=bogus", "", {401, 422, 422, 422, 403}},
        {"GET", "/api/exports/registrations.csv?partner=inconnu", "", {401, 422, 422, 422, 403}},
        {"PATCH", "/api/registrations/{b}", R"({"organisation": "   "})", {401, 422, refused, 422, 403}},
        {"GET", "/api/checkin/list?since=hier", "", {401, 422, 403, 403, 422}},
    };
    walk(w, table);
}

std::string joined_strings(const xlsx_sheet& sheet) {
    std::string all;
    for (const auto& row : sheet.rows)
        for (const auto& cell : row)
            if (str(cell, "t") == "s") all += str(cell, "v") + "\n";
    return all;
}

TEST(scoping, partner_b_never_sees_partner_a_people) {
    world w;
    std::vector<std::string> a_ids, b_ids;
    for (const char* name : {"Dexteraz", "Dexteroux"}) a_ids.push_back(w.enrol("dextera", name));
    for (const std::string& id : a_ids)
        ASSERT_EQ(w.send("POST", "/api/registrations/" + id + "/approve", "{}", admin).status, 200);
    a_ids.push_back(w.enrol("dextera", "Dexterpending"));
    for (const char* name : {"Dircabeau", "Dircabelle"}) b_ids.push_back(w.enrol("dircab", name));
    w.enrol("", "Publicard");
    const std::vector<std::string> foreign{"Dexteraz", "Dexteroux", "Dexterpending", "Publicard"};

    auto expect_no_foreign = [&](const std::string& what, const std::string& text) {
        for (const auto& name : foreign) EXPECT_FALSE(text_has(text, name)) << what << " shows " << name << ":\n" << text;
    };
    const header_list& b = w.auth[partner_b];

    auto list = staff_list(w.client, b);
    EXPECT_EQ(list.size(), 2u);
    for (const auto& r : list) EXPECT_EQ(str(r, "partner"), "dircab") << json::serialize(r);
    expect_no_foreign("the list", w.client.get("/api/registrations", b).body);
    EXPECT_TRUE(text_has(w.client.get("/api/registrations", b).body, "Dircabeau"));
    for (const char* query : {"?partner=dextera", "?partner=public", "?q=dexter", "?partner=dextera&status=confirmed"})
        EXPECT_TRUE(staff_list(w.client, b, query).empty()) << query;
    EXPECT_EQ(staff_list(w.client, b, "?status=confirmed").size(), 2u);

    for (const char* path : {"/api/exports/registrations.csv", "/api/exports/registrations.csv?partner=dextera",
                             "/api/exports/registrations.csv?status=confirmed&sep=,"}) {
        http_response csv = w.client.get(path, b);
        ASSERT_EQ(csv.status, 200) << path;
        expect_no_foreign(path, csv.body);
    }
    EXPECT_TRUE(text_has(w.client.get("/api/exports/registrations.csv", b).body, "Dircabelle"));
    EXPECT_EQ(read_csv(w.client.get("/api/exports/registrations.csv?partner=dextera", b).body, ';').size(), 1u)
        << "only the header row";

    http_response xlsx = w.client.get("/api/exports/registrations.xlsx", b);
    ASSERT_EQ(xlsx.status, 200);
    std::string cells = joined_strings(read_xlsx(xlsx.body));
    expect_no_foreign("the XLSX", cells);
    EXPECT_TRUE(text_has(cells, "Dircabeau")) << cells;

    for (const char* path : {"/api/exports/signin-sheet.pdf", "/api/exports/signin-sheet.pdf?group=partner",
                             "/api/exports/signin-sheet.pdf?partner=dextera"}) {
        http_response pdf = w.client.get(path, b);
        ASSERT_EQ(pdf.status, 200) << path;
        std::string text = pdf_text(pdf.body);
        expect_no_foreign(path, text);
        EXPECT_FALSE(text_has(text, "Dextera")) << path << " names partner A:\n" << text;
    }
    EXPECT_TRUE(text_has(pdf_text(w.client.get("/api/exports/signin-sheet.pdf", b).body), "Dircabelle"));

    http_response stats = w.client.get("/api/stats", b);
    ASSERT_EQ(stats.status, 200);
    json::value s = stats.json();
    EXPECT_FALSE(text_has(stats.body, "dextera")) << stats.body;
    EXPECT_FALSE(has(s, "public")) << stats.body;
    EXPECT_EQ(num(s.at("by_status"), "confirmed"), 2) << stats.body;
    EXPECT_EQ(num(s.at("by_status"), "pending"), 0) << stats.body;
    ASSERT_TRUE(s.at("partners").is_array());
    ASSERT_EQ(s.at("partners").as_array().size(), 1u) << stats.body;
    EXPECT_EQ(str(s.at("partners").as_array()[0], "slug"), "dircab");

    // The same views for partner A hold its own people and none of B's; an admin sees everyone.
    http_response a_list = w.client.get("/api/registrations", w.auth[partner_a]);
    EXPECT_TRUE(text_has(a_list.body, "Dexterpending")) << a_list.body;
    EXPECT_FALSE(text_has(a_list.body, "Dircab")) << a_list.body;
    std::string a_sheet = pdf_text(w.client.get("/api/exports/signin-sheet.pdf", w.auth[partner_a]).body);
    EXPECT_TRUE(text_has(a_sheet, "Dexteraz")) << a_sheet;
    EXPECT_FALSE(text_has(a_sheet, "Dircabeau")) << a_sheet;
    EXPECT_EQ(num(w.client.get("/api/stats", w.auth[partner_a]).json().at("by_status"), "pending"), 1);
    EXPECT_EQ(staff_list(w.client, w.auth[admin]).size(), 6u);
}

}  // namespace
}  // namespace colloq_it
