// The exports read back with independent readers: Python's csv module, openpyxl for the
// workbook, pdftotext for the sign-in sheet; their filters; and 2,000 registrations
// exported completely while the public API keeps answering.
#include <algorithm>
#include <atomic>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "colloq/domain/time.hpp"
#include "raw_socket.hpp"
#include "server_database.hpp"
#include "staff_support.hpp"
#include "test_support.hpp"

namespace colloq_it {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

constexpr const char* formula_name = "=cmd|' /C calc'!A0";
const std::string tricky_organisation = "Mairie; \"Centre\"\net Cie";

// "2024-09-12T09:42:13+02:00" for "2024-09-12T07:42:13.250Z": in the event's own offset.
std::string event_time(const std::string& utc) {
    namespace d = colloq::domain;
    return d::format_local(d::in_offset_of(d::parse_rfc3339(event_starts_at).value(), d::parse_rfc3339(utc).value().utc));
}

struct export_world {
    server_process server;
    http_client client{server.base_url()};
    header_list admin;

    explicit export_world(server_options options = {}) : server(std::move(options)) {
        admin = bearer(create_token(server, first_admin(server).email));
    }

    struct person_spec {
        std::string first_name, last_name;
        std::optional<std::string> partner;
        std::string organisation = "Commune de Villeurbanne";
        std::string role = "Directrice de cabinet";
    };

    // Registers; returns (id, email).
    std::pair<std::string, std::string> enrol(const person_spec& p) {
        std::string email = unique_email("export");
        auto body = person(email, p.partner);
        body["first_name"] = p.first_name;
        body["last_name"] = p.last_name;
        body["organisation"] = p.organisation;
        body["role"] = p.role;
        auto r = register_body(client, body);
        EXPECT_EQ(r.response.status, 201) << r.response.body;
        return {r.id, email};
    }

    std::string download(const std::string& path) {
        http_response r = client.get(path, admin);
        EXPECT_EQ(r.status, 200) << path << ": " << r.body.substr(0, 300);
        return r.body;
    }
};

// A CSV read back, with its columns found by their titles.
struct csv_table {
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;

    explicit csv_table(const std::vector<std::vector<std::string>>& all) {
        if (all.empty()) return;
        header = all[0];
        rows.assign(all.begin() + 1, all.end());
    }
    std::size_t col(const std::string& title_part) const {
        for (std::size_t i = 0; i < header.size(); ++i)
            if (text_has(header[i], title_part)) return i;
        ADD_FAILURE() << "no column titled like " << title_part;
        return 0;
    }
    const std::vector<std::string>& row_of(const std::string& email) const {
        static const std::vector<std::string> empty(16);
        std::size_t c = col("mail");
        for (const auto& r : rows)
            if (r.size() > c && r[c] == email) return r;
        ADD_FAILURE() << "no row for " << email;
        return empty;
    }
    std::set<std::string> emails() const {
        std::set<std::string> out;
        for (const auto& r : rows) out.insert(r.at(col("mail")));
        return out;
    }
};

TEST(exports, csv_reads_back_with_python_csv) {
    export_world w;
    auto [tricky_id, tricky_email] = w.enrol({"Anne", "Quotelle", std::nullopt, "Mairie; provisoire"});
    auto [formula_id, formula_email] = w.enrol({"+33 6 12", formula_name, "dircab", "-2+3", "@SUM(A1)"});
    auto [accent_id, accent_email] = w.enrol({"Éloïse", "Lefèvre", "dextera", "Métropole de Lyon"});
    auto [other_sep_id, other_sep_email] = w.enrol({"Inès", "Séparé", std::nullopt, "Mairie;=1+1", "Adjointe, culture"});
    // Older data may hold what the form refuses today: a line break inside a value.
    server_database(w.server).rows("UPDATE registrations SET organisation = ? WHERE id = ?",
                                         {tricky_organisation, tricky_id});

    http_response r = w.client.get("/api/exports/registrations.csv", w.admin);
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_TRUE(text_has(r.header("content-type"), "text/csv")) << r.header("content-type");
    EXPECT_TRUE(text_has(r.header("content-disposition"), "attachment")) << r.header("content-disposition");
    ASSERT_EQ(r.body.rfind("\xEF\xBB\xBF", 0), 0u) << "no UTF-8 byte order mark";
    EXPECT_NE(r.body.substr(0, r.body.find('\n')).find(';'), std::string::npos) << "the separator is not ';'";

    csv_table t(read_csv(r.body, ';'));
    ASSERT_EQ(t.header.size(), 12u) << r.body.substr(0, 200);
    for (const char* title : {"Nom", "Prénom", "mail", "organisme", "Fonction", "Statut"}) t.col(title);
    ASSERT_EQ(t.rows.size(), 4u);
    for (const auto& row : t.rows) EXPECT_EQ(row.size(), t.header.size());

    EXPECT_EQ(t.row_of(tricky_email)[t.col("organisme")], tricky_organisation);
    const auto& f = t.row_of(formula_email);
    EXPECT_EQ(f[t.col("Nom")], std::string("'") + formula_name);
    EXPECT_EQ(f[t.col("Prénom")], "'+33 6 12");
    EXPECT_EQ(f[t.col("organisme")], "'-2+3");
    EXPECT_EQ(f[t.col("Fonction")], "'@SUM(A1)");
    const auto& a = t.row_of(accent_email);
    EXPECT_EQ(a[t.col("Nom")], "Lefèvre");
    EXPECT_EQ(a[t.col("Prénom")], "Éloïse");
    EXPECT_EQ(a[t.col("organisme")], "Métropole de Lyon");
    EXPECT_EQ(a[t.col("ssociation")], "Dextera");
    EXPECT_EQ(t.row_of(tricky_email)[t.col("ssociation")], "");
    // The staff list gives UTC; the export, made for people, Paris time.
    std::string created_at = str(find_by_id(staff_list(w.client, w.admin), accent_id), "created_at");
    EXPECT_EQ(a[t.col("Inscrit")], event_time(created_at)) << created_at;

    http_response comma = w.client.get("/api/exports/registrations.csv?sep=,", w.admin);
    ASSERT_EQ(comma.status, 200);
    EXPECT_NE(comma.body.substr(0, comma.body.find('\n')).find(','), std::string::npos);
    // Each separator is quoted whichever the file uses: a spreadsheet splitting on both keeps the cell whole.
    EXPECT_TRUE(text_has(comma.body, ",\"Mairie;=1+1\",\"Adjointe, culture\",")) << comma.body;
    EXPECT_TRUE(text_has(r.body, ";\"Mairie;=1+1\";\"Adjointe, culture\";")) << r.body;
    EXPECT_EQ(t.row_of(other_sep_email)[t.col("organisme")], "Mairie;=1+1");
    csv_table c(read_csv(comma.body, ','));
    EXPECT_EQ(c.header, t.header);
    EXPECT_EQ(c.rows, t.rows) << "the comma-separated export holds other values";
    expect_error(w.client.get("/api/exports/registrations.csv?sep=%7C", w.admin), 422, "invalid", "sep");
}

TEST(exports, xlsx_reads_back_with_openpyxl) {
    export_world w;
    auto [plain_id, plain_email] = w.enrol({"Paul", "Vasseur", "dextera"});
    auto [formula_id, formula_email] = w.enrol({"Jean", formula_name, std::nullopt});
    http_response scan = w.client.post_json("/api/checkin", json::object{{"registration_id", std::stoll(plain_id)}}, w.admin);
    ASSERT_EQ(str(scan.json(), "result"), "ok") << scan.body;
    auto list = staff_list(w.client, w.admin);
    std::string created_at = str(find_by_id(list, plain_id), "created_at");

    http_response r = w.client.get("/api/exports/registrations.xlsx", w.admin);
    ASSERT_EQ(r.status, 200);
    EXPECT_TRUE(text_has(r.header("content-type"), "spreadsheetml")) << r.header("content-type");
    xlsx_sheet sheet = read_xlsx(r.body);
    EXPECT_EQ(sheet.freeze_panes, "A2") << "the header row is not frozen";
    EXPECT_EQ(sheet.max_row, 3);
    EXPECT_EQ(sheet.auto_filter, "A1:L3") << "the filter does not cover the header and every row";
    ASSERT_EQ(sheet.rows.size(), 3u);
    std::vector<std::string> header;
    for (const auto& cell : sheet.rows[0]) {
        EXPECT_EQ(str(cell, "t"), "s");
        header.push_back(str(cell, "v"));
    }
    auto col = [&](const std::string& part) {
        for (std::size_t i = 0; i < header.size(); ++i)
            if (text_has(header[i], part)) return i;
        ADD_FAILURE() << "no column like " << part;
        return std::size_t{0};
    };
    auto row_of = [&](const std::string& email) -> const std::vector<json::object>& {
        for (const auto& row : sheet.rows)
            if (row.size() > col("mail") && str(row[col("mail")], "v") == email) return row;
        ADD_FAILURE() << "no row for " << email;
        return sheet.rows[0];
    };
    ASSERT_EQ(sheet.widths.size(), 10u);
    EXPECT_GT(sheet.widths[col("mail")], sheet.widths[0]) << "no column widths";

    const auto& plain = row_of(plain_email);
    EXPECT_EQ(str(plain[col("Nom")], "v"), "Vasseur");
    EXPECT_EQ(str(plain[col("ssociation")], "v"), "Dextera");
    const auto& inscrit = plain[col("Inscrit")];
    EXPECT_EQ(str(inscrit, "t"), "d") << "the sign-up date is not a date: " << json::serialize(inscrit);
    // Stored in UTC, shown in Paris time.
    EXPECT_EQ(str(inscrit, "v").substr(0, 19), event_time(created_at).substr(0, 19)) << created_at;
    EXPECT_EQ(str(plain[col("Entrée")], "t"), "d") << json::serialize(plain[col("Entrée")]);

    const auto& f = row_of(formula_email);
    const auto& cell = f[col("Nom")];
    EXPECT_EQ(str(cell, "t"), "s") << "a formula-looking name is not text: " << json::serialize(cell);
    EXPECT_EQ(str(cell, "v"), formula_name) << "the cell does not hold exactly what was registered";
    EXPECT_EQ(str(f[col("Entrée")], "t"), "") << "no check-in, no date";
    for (const auto& row : sheet.rows)
        for (const auto& c : row) EXPECT_NE(str(c, "t"), "f") << "a formula in the export: " << json::serialize(c);
}

TEST(exports, filters_by_status_and_partner_are_respected) {
    server_options o;
    o.capacity = 3;
    export_world w(o);
    auto d1 = w.enrol({"Alice", "Dabadie", "dextera"});
    auto d2 = w.enrol({"Bruno", "Dalloz", "dextera"});
    auto r1 = w.enrol({"Chloé", "Roussel", "dircab"});
    auto p1 = w.enrol({"Denis", "Pujol", std::nullopt});   // waitlisted
    auto p2 = w.enrol({"Emma", "Prévost", std::nullopt});  // waitlisted, then cancelled
    ASSERT_EQ(w.client.post_json("/api/registrations/" + p2.first + "/cancel", json::object{}, w.admin).status, 200);

    using email_set = std::set<std::string>;
    auto csv = [&](const std::string& query) { return csv_table(read_csv(w.download("/api/exports/registrations.csv" + query), ';')).emails(); };
    EXPECT_EQ(csv(""), (email_set{d1.second, d2.second, r1.second, p1.second, p2.second}));
    EXPECT_EQ(csv("?status=confirmed"), (email_set{d1.second, d2.second, r1.second}));
    EXPECT_EQ(csv("?status=waitlisted"), (email_set{p1.second}));
    EXPECT_EQ(csv("?status=cancelled"), (email_set{p2.second}));
    EXPECT_EQ(csv("?partner=dextera"), (email_set{d1.second, d2.second}));
    EXPECT_EQ(csv("?partner=public"), (email_set{p1.second, p2.second}));
    EXPECT_EQ(csv("?partner=public&status=waitlisted"), (email_set{p1.second}));
    EXPECT_EQ(csv("?partner=dircab&status=waitlisted"), email_set{});
    expect_error(w.client.get("/api/exports/registrations.csv?status=bogus", w.admin), 422, "invalid", "status");
    expect_error(w.client.get("/api/exports/registrations.xlsx?partner=inconnu", w.admin), 422, "invalid", "partner");

    xlsx_sheet sheet = read_xlsx(w.download("/api/exports/registrations.xlsx?partner=dextera&status=confirmed"));
    EXPECT_EQ(sheet.max_row, 3) << "header and the two Dextera people";
    std::string pdf = pdf_text(w.download("/api/exports/signin-sheet.pdf?partner=dextera"));
    EXPECT_TRUE(text_has(pdf, "Dabadie") && text_has(pdf, "Dalloz")) << pdf;
    EXPECT_FALSE(text_has(pdf, "Roussel")) << pdf;
}

// Where each name first appears in the text; npos when absent.
std::vector<std::size_t> positions(const std::string& text, const std::vector<std::string>& names) {
    std::vector<std::size_t> out;
    for (const auto& n : names) out.push_back(text.find(n));
    return out;
}

TEST(exports, signin_sheet_lists_confirmed_people_sorted_by_last_name) {
    server_options o;
    o.capacity = 6;
    o.partners = {{"dircab", "Dircab", 1, false}, {"coopcab", "CoopCab", 10, true}};
    export_world w(o);
    for (const char* name : {"Martin", "Bernard", "Zola", "Petit", "Dubois"}) w.enrol({"Jeanne", name, std::nullopt});
    w.enrol({"Rémi", "Roux", "dircab"});
    w.enrol({"Victor", "Vidal", "dircab"});  // quota full: waiting list
    w.enrol({"Gaëlle", "Girard", "coopcab"});               // pending approval
    auto list = staff_list(w.client, w.admin, "?q=petit");
    ASSERT_EQ(list.size(), 1u);
    ASSERT_EQ(w.client.post_json("/api/registrations/" + id_text(list[0].at("id")) + "/cancel", json::object{}, w.admin).status, 200);

    http_response r = w.client.get("/api/exports/signin-sheet.pdf", w.admin);
    ASSERT_EQ(r.status, 200);
    EXPECT_TRUE(text_has(r.header("content-type"), "application/pdf"));
    ASSERT_EQ(r.body.rfind("%PDF-", 0), 0u);
    std::string text = pdf_text(r.body);
    const std::vector<std::string> expected{"Bernard", "Dubois", "Martin", "Roux", "Zola"};
    auto at = positions(text, expected);
    for (std::size_t i = 0; i < expected.size(); ++i) EXPECT_NE(at[i], std::string::npos) << expected[i] << " missing:\n" << text;
    EXPECT_TRUE(std::is_sorted(at.begin(), at.end())) << "not sorted by last name:\n" << text;
    for (const char* absent : {"Petit", "Vidal", "Girard"}) EXPECT_FALSE(text_has(text, absent)) << absent << " is not confirmed:\n" << text;
    EXPECT_TRUE(text_has(text, "Rémi")) << text;
    EXPECT_TRUE(text_has(text, "Signature")) << text;

    std::string dircab = pdf_text(w.download("/api/exports/signin-sheet.pdf?partner=dircab"));
    EXPECT_TRUE(text_has(dircab, "Roux")) << dircab;
    for (const char* other : {"Bernard", "Zola", "Vidal"}) EXPECT_FALSE(text_has(dircab, other)) << dircab;
    std::string grouped = pdf_text(w.download("/api/exports/signin-sheet.pdf?group=partner"));
    EXPECT_TRUE(text_has(grouped, "Dircab")) << grouped;
    auto g = positions(grouped, expected);
    EXPECT_EQ(std::count(g.begin(), g.end(), std::string::npos), 0) << grouped;
}

TEST(exports, signin_sheet_sorts_accented_names_as_a_french_reader_expects) {
    export_world w;
    for (const char* name : {"Zidane", "Émery", "Faure", "Écolan", "Abadie", "Dupont"})
        w.enrol({"Hélène", name, std::nullopt});
    std::string text = pdf_text(w.download("/api/exports/signin-sheet.pdf"));
    const std::vector<std::string> expected{"Abadie", "Dupont", "Écolan", "Émery", "Faure", "Zidane"};
    auto at = positions(text, expected);
    for (std::size_t i = 0; i < expected.size(); ++i) EXPECT_NE(at[i], std::string::npos) << expected[i] << " missing:\n" << text;
    EXPECT_TRUE(text_has(text, "Hélène")) << text;
    EXPECT_TRUE(std::is_sorted(at.begin(), at.end()))
        << "É must sort with E (Abadie, Dupont, Écolan, Émery, Faure, Zidane):\n" << text;
}

// Names with accents and other Latin letters, and values a spreadsheet would take for
// formulas, registered through the server and read back from each export.
TEST(exports, every_export_keeps_the_values_and_the_sign_in_sheet_sorts_them_in_french) {
    export_world w;
    struct entry {
        std::string last, first, organisation = "Commune de Villeurbanne", role = "Élue";
        std::string email{};
    };
    std::vector<entry> people{{"Break", "Bruno"},        {"Lutz", "Lina"},         {"Bảo", "Minh"},
                              {"Eva", "Emma"},           {"Émile", "Éric"},        {"Cyr", "Carla"},
                              {"dupont", "Zoé"},         {"Łukasz", "Lech"},       {"Ozanne", "Odile"},
                              {"Emile", "Éric"},      {"Çelik", "Can"},         {"DUPONT", "Anne"},
                              {"Øystein", "Olaf"},       {"Olsen", "Ole"},         {"Abadie", "Alix"},
                              {"-Minus", "Jean", "@Arobase", "+33 1 23 45 67 89"},
                              {"=SUM(1+1)", "Paul", "Mairie;=1+1", "Adjoint, culture"}};
    for (entry& p : people) p.email = w.enrol({p.first, p.last, std::nullopt, p.organisation, p.role}).second;

    // CSV and XLSX list people by registration, each value exactly as given (the CSV
    // with OWASP's apostrophe before what a spreadsheet would evaluate).
    auto csv_cell = [](const std::string& v) { return std::string("=+-@").find(v[0]) == std::string::npos ? v : "'" + v; };
    for (char sep : {';', ','}) {
        csv_table t(read_csv(w.download(std::string("/api/exports/registrations.csv?sep=") + (sep == ';' ? "%3B" : ",")), sep));
        ASSERT_EQ(t.rows.size(), people.size());
        for (std::size_t i = 0; i < people.size(); ++i) {
            const auto& row = t.rows[i];
            EXPECT_EQ(row[t.col("mail")], people[i].email) << "not in registration order";
            EXPECT_EQ(row[t.col("Nom")], csv_cell(people[i].last));
            EXPECT_EQ(row[t.col("Prénom")], people[i].first);
            EXPECT_EQ(row[t.col("organisme")], csv_cell(people[i].organisation));
            EXPECT_EQ(row[t.col("Fonction")], csv_cell(people[i].role));
        }
    }
    xlsx_sheet sheet = read_xlsx(w.download("/api/exports/registrations.xlsx"));
    ASSERT_EQ(sheet.rows.size(), people.size() + 1);
    for (std::size_t i = 0; i < people.size(); ++i) {
        const auto& row = sheet.rows[i + 1];
        EXPECT_EQ(str(row[3], "v"), people[i].email) << "not in registration order";
        const std::pair<std::size_t, std::string> cells[] = {
            {1, people[i].last}, {2, people[i].first}, {4, people[i].organisation}, {5, people[i].role}};
        for (const auto& [column, value] : cells) {
            EXPECT_EQ(str(row[column], "t"), "s") << value;
            EXPECT_EQ(str(row[column], "v"), value) << "the workbook changed what was registered";
        }
        EXPECT_EQ(str(row[8], "t"), "d") << "the sign-up date is no longer a date";
    }

    // The sign-in sheet: French order, accents and other Latin letters with their base
    // letter, case ignored, then the first name.
    std::string text = pdf_text(w.download("/api/exports/signin-sheet.pdf"));
    // Each row of the table, as pdftotext -layout lays it out: number, last name, first name.
    std::vector<std::string> rows;
    static const std::regex row_line(R"(^ *\d+ {2,}(\S+) {2,}(\S+) {2,})");
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);) {
        std::smatch m;
        if (std::regex_search(line, m, row_line)) rows.push_back(m[1].str() + " " + m[2].str());
    }
    const std::vector<std::string> expected{
        "-Minus Jean", "=SUM(1+1) Paul", "Abadie Alix", "Bảo Minh",      "Break Bruno",  "Çelik Can",
        "Cyr Carla",   "DUPONT Anne",    "dupont Zoé",  "Emile Éric",    "Émile Éric",   "Eva Emma",
        "Łukasz Lech", "Lutz Lina",      "Olsen Ole",   "Øystein Olaf", "Ozanne Odile"};
    EXPECT_EQ(rows, expected) << text;
    for (const char* formula_like : {"-Minus", "=SUM(1+1)", "@Arobase", "Mairie;=1+1"})
        EXPECT_TRUE(text_has(text, formula_like)) << formula_like << " not printed as registered:\n" << text;
}

TEST(exports, signin_sheet_grouped_by_partner_sorts_each_group_in_french) {
    export_world w;
    w.enrol({"Zoé", "Zola", "dextera"});
    w.enrol({"Éva", "Émery", "dircab"});
    w.enrol({"Anne", "Abadie", "dircab"});
    w.enrol({"Minh", "Bảo", "dextera"});
    w.enrol({"Bruno", "Break", std::nullopt});
    w.enrol({"Ève", "Ebert", "dircab"});
    std::string text = pdf_text(w.download("/api/exports/signin-sheet.pdf?group=partner"));
    // The public first (no partner), then each partner by id, each group by name.
    const std::vector<std::string> expected{"Break", "Bảo", "Zola", "Abadie", "Ebert", "Émery"};
    auto at = positions(text, expected);
    for (std::size_t i = 0; i < expected.size(); ++i) {
        ASSERT_NE(at[i], std::string::npos) << expected[i] << " missing:\n" << text;
        if (i > 0) {
            EXPECT_LT(at[i - 1], at[i]) << expected[i - 1] << " should come before " << expected[i] << ":\n" << text;
        }
    }
    EXPECT_LT(text.find("Dextera"), at[2]) << text;
    EXPECT_LT(at[2], text.find("Dircab")) << text;
}

// A workbook larger than what the stream holds waiting for the client (half a megabyte):
// sending it must not wait on the thread that writes to the client.
TEST(exports, head_on_an_export_sends_its_headers_and_no_rows) {
    export_world w;
    w.enrol({"Anne", "Quotelle", std::nullopt, "Mairie"});
    raw_socket s(w.server.port());
    std::string auth = w.admin.at(0).first + ": " + w.admin.at(0).second + "\r\n";
    ASSERT_TRUE(s.send_all("HEAD /api/exports/registrations.csv HTTP/1.1\r\nHost: colloq.test\r\n" + auth + "\r\n"));
    auto head = s.read_response(5s, true);
    ASSERT_TRUE(head) << "no answer to HEAD";
    EXPECT_EQ(head->status, 200);
    EXPECT_TRUE(text_has(head->headers["content-type"], "text/csv")) << head->headers["content-type"];
    // The connection goes on with the next request, with no rows in between.
    ASSERT_TRUE(s.send_all(get_request("/healthz")));
    auto next = s.read_response(5s);
    ASSERT_TRUE(next) << "the export's rows followed the headers";
    EXPECT_EQ(next->status, 200);
}

TEST(exports, a_workbook_larger_than_the_stream_buffer_arrives_whole) {
    constexpr int total = 30000;
    export_world w;
    {
        server_database db(w.server);
        db.exec("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " + std::to_string(total) +
                    ") INSERT INTO registrations (id, event, partner, first_name, last_name, email, email_norm, "
                    "organisation, role, status, created_at, updated_at, search_key) SELECT 1000000 + i, ?, '', "
                    "'Camille', 'Nom' || i, 'masse' || i || '@example.org', 'masse' || i || '@example.org', "
                    "'Commune ' || (i * 7919 % 1000), 'Agent', 'confirmed', '2026-01-01T00:00:00.000Z', "
                    "'2026-01-01T00:00:00.000Z', 'nom' || i FROM n",
                {event_slug});
    }
    std::string xlsx = w.download("/api/exports/registrations.xlsx");
    EXPECT_GT(xlsx.size(), 1000000u) << "the workbook is too small to fill the stream";
    EXPECT_EQ(read_xlsx(xlsx).max_row, total + 1);
}

TEST(exports, two_thousand_registrations_export_completely_while_the_api_answers) {
    constexpr int total = 2000, threads = 8;
    server_options o;
    o.capacity = total + 100;
    o.partners = {{"dextera", "Dextera", std::nullopt, false}, {"dircab", "Dircab", std::nullopt, false}};
    export_world w(o);
    std::atomic<int> failures{0};
    std::vector<std::thread> workers;
    for (int t = 0; t < threads; ++t)
        workers.emplace_back([&, t] {
            http_client c(w.server.base_url());
            for (int i = t; i < total; i += threads) {
                char name[16];
                std::snprintf(name, sizeof name, "Nom%04d", i);
                auto body = person(unique_email("bulk"), i % 3 == 0 ? std::nullopt : std::optional<std::string>(i % 3 == 1 ? "dextera" : "dircab"));
                body["last_name"] = name;
                if (c.post_json("/api/registrations", body).status != 201) ++failures;
            }
        });
    for (auto& t : workers) t.join();
    ASSERT_EQ(failures.load(), 0);

    // Exports back to back for two seconds while another client reads GET /api/event. If an
    // export held up the server, most of those reads would wait for it to end.
    std::atomic<bool> exporting{true};
    std::vector<double> latencies;
    int event_errors = 0;
    std::thread watcher([&] {
        http_client c(w.server.base_url());
        while (exporting) {
            auto start = std::chrono::steady_clock::now();
            if (c.get("/api/event").status != 200) ++event_errors;
            latencies.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
            std::this_thread::sleep_for(5ms);
        }
    });
    const std::vector<std::string> paths{"/api/exports/registrations.csv", "/api/exports/registrations.xlsx",
                                         "/api/exports/signin-sheet.pdf"};
    std::vector<std::string> first(paths.size());
    int exports_done = 0;
    auto started = std::chrono::steady_clock::now();
    while (exports_done < 3 || std::chrono::steady_clock::now() - started < 2s) {
        std::string body = w.download(paths[exports_done % 3]);
        if (exports_done < 3) first[exports_done] = std::move(body);
        ++exports_done;
    }
    double export_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    exporting = false;
    watcher.join();
    const std::string &csv = first[0], &xlsx = first[1], &pdf = first[2];

    EXPECT_EQ(read_csv(csv, ';').size(), static_cast<std::size_t>(total + 1));
    EXPECT_EQ(read_xlsx(xlsx).max_row, total + 1);
    std::string text = pdf_text(pdf);
    std::set<std::string> names;
    static const std::regex name("Nom\\d{4}");
    for (std::sregex_iterator it(text.begin(), text.end(), name), end; it != end; ++it) names.insert(it->str());
    EXPECT_EQ(names.size(), static_cast<std::size_t>(total)) << "the sign-in sheet misses people";

    EXPECT_EQ(event_errors, 0);
    ASSERT_FALSE(latencies.empty());
    std::sort(latencies.begin(), latencies.end());
    double worst = latencies.back(), median = latencies[latencies.size() / 2];
    std::cerr << "[exports] " << exports_done << " exports of " << total << " rows in " << export_seconds
              << " s; GET /api/event during them: "
              << latencies.size() << " answers, median " << median * 1000 << " ms, worst " << worst * 1000 << " ms\n";
    EXPECT_GE(latencies.size(), 40u) << "GET /api/event answered rarely during the exports";
    EXPECT_LT(median, 0.025) << "GET /api/event waits behind the exports";
    EXPECT_LT(worst, 1.0) << "GET /api/event stalled behind an export";
}

}  // namespace
}  // namespace colloq_it
