// Check-in at the door: every result of a scan, the first scan winning under concurrency,
// offline batches, the list a device keeps, who may use the door routes, and the scan log.
#include <csignal>
#include <ctime>
#include <latch>
#include <map>
#include <set>
#include <thread>

#include <gtest/gtest.h>
#include <sodium.h>

#include "badge_support.hpp"
#include "server_database.hpp"
#include "staff_support.hpp"
#include "test_support.hpp"

namespace colloq_it {
namespace {

using namespace badge_kit;

namespace fs = std::filesystem;
namespace json = boost::json;
using namespace std::chrono_literals;

// RFC 3339 in UTC, this many minutes ago.
std::string minutes_ago(int minutes) {
    std::time_t t = std::time(nullptr) - minutes * 60;
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

// The date and time to the second, whatever the fraction and zone notation.
std::string to_second(const std::string& rfc3339) { return rfc3339.substr(0, 19); }

std::string reg_id(const json::value& outcome) {
    if (!outcome.is_object()) return "<none>";
    auto* r = outcome.as_object().if_contains("registration");
    if (!r || !r->is_object()) return "<none>";
    auto* id = r->as_object().if_contains("id");
    return id ? id_text(*id) : "<none>";
}

// SHA-256 of the ticket's 81 bytes, in hex, computed here rather than by the server's code.
std::string fingerprint_of(const std::string& ticket) {
    auto bytes = base32_decode(ticket);
    if (!bytes) return "<not base32>";
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, bytes->data(), bytes->size());
    char hex[sizeof digest * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
    return hex;
}

// The ticket with one character of its signature changed.
std::string with_damaged_signature(std::string ticket) {
    ticket[100] = ticket[100] == 'A' ? 'B' : 'A';
    return ticket;
}

// A server with a door and an admin account and the public key.
struct door_fixture {
    server_process server;
    http_client client;
    temp_dir scratch;
    std::string door_token;
    std::string admin_token;
    std::vector<unsigned char> key;

    explicit door_fixture(server_options options = {})
        : server(std::move(options)), client(server.base_url()) {
        door_token = new_staff_token(server, "porte@example.org", "door");
        admin_token = api_token(server, admin_email);
        key = base64url_decode(cli_public_key(server));
    }

    json::value scan(const json::object& body) {
        http_response r = client.post_json("/api/checkin", body, bearer(door_token));
        EXPECT_EQ(r.status, 200) << "POST /api/checkin " << json::serialize(body) << " -> " << r.body;
        return r.json();
    }
    json::value scan_ticket(const std::string& ticket, const std::string& door) {
        return scan(json::object{{"ticket", ticket}, {"door", door}});
    }
    json::value batch(const json::array& scans) {
        http_response r = client.post_json("/api/checkin/batch", json::object{{"scans", scans}}, bearer(door_token));
        EXPECT_EQ(r.status, 200) << r.body;
        return r.json();
    }
    json::value list(const std::string& query = "") {
        http_response r = client.get("/api/checkin/list" + query, bearer(door_token));
        EXPECT_EQ(r.status, 200) << r.body;
        return r.json();
    }
    std::string ticket(const registered& r) { return ticket_of(client, r.token, scratch.path()); }
    // As if these people had registered yesterday: offline scans dated earlier today are then
    // believable (no scan may date an arrival before its registration).
    void registered_yesterday(const std::vector<std::string>& ids) {
        server_database db(server);
        for (const auto& id : ids)
            db.exec("UPDATE registrations SET created_at = ? WHERE id = ?", {server_database::utc_in(-86400), id});
    }
};

TEST(door, every_result_of_a_scan_and_the_scan_log) {
    server_options options;
    options.capacity = 3;
    door_fixture f(options);
    auto a = register_new(f.client, std::nullopt, "alice");
    auto b = register_new(f.client, "dextera", "bruno");
    auto c = register_new(f.client, std::nullopt, "chloe");
    auto d = register_new(f.client, std::nullopt, "dora");
    ASSERT_EQ(a.status, "confirmed");
    ASSERT_EQ(b.status, "confirmed");
    ASSERT_EQ(c.status, "confirmed");
    ASSERT_EQ(d.status, "waitlisted");
    std::string ta = f.ticket(a), tb = f.ticket(b), tc = f.ticket(c);
    ASSERT_TRUE(check_ticket(ta, f.key).signature_valid);

    json::value ok = f.scan_ticket(ta, "Vaugirard");
    EXPECT_EQ(str(ok, "result"), "ok") << ok;
    EXPECT_EQ(reg_id(ok), a.id);
    json::value person = ok.at("registration");
    EXPECT_EQ(str(person, "first_name"), "Camille");
    EXPECT_EQ(str(person, "last_name"), "Durand");
    EXPECT_EQ(str(person, "organisation"), "Commune de Villeurbanne");
    EXPECT_TRUE(is_null(person, "partner")) << person;
    std::string first_time = str(ok, "checked_in_at");
    ASSERT_NE(first_time, "<missing>") << ok;

    std::this_thread::sleep_for(1100ms);  // a second scan visibly later than the first
    json::value again = f.scan_ticket(ta, "Tournon");
    EXPECT_EQ(str(again, "result"), "already_checked_in") << again;
    EXPECT_EQ(str(again, "checked_in_at"), first_time) << again;
    EXPECT_EQ(str(again, "checked_in_door"), "Vaugirard") << again;
    EXPECT_EQ(reg_id(again), a.id);

    json::value waiting = f.scan(json::object{{"registration_id", std::stoll(d.id)}, {"door", "Vaugirard"}});
    EXPECT_EQ(str(waiting, "result"), "not_confirmed") << waiting;
    EXPECT_EQ(reg_id(waiting), d.id);

    json::value garbage = f.scan_ticket("HELLO-NOT-A-BADGE", "Vaugirard");
    EXPECT_EQ(str(garbage, "result"), "invalid") << garbage;
    EXPECT_FALSE(has(garbage, "registration")) << garbage;

    std::string flipped = tc;
    flipped[40] = flipped[40] == 'Q' ? 'R' : 'Q';
    json::value forged = f.scan_ticket(flipped, "Vaugirard");
    EXPECT_EQ(str(forged, "result"), "invalid") << forged;
    EXPECT_FALSE(has(forged, "registration")) << forged;

    http_response cancel = f.client.post_json("/api/manage/" + b.token + "/cancel", json::object{});
    ASSERT_EQ(cancel.status, 200) << cancel.body;
    json::value cancelled = f.scan_ticket(tb, "Vaugirard");
    EXPECT_EQ(str(cancelled, "result"), "cancelled") << cancelled;
    EXPECT_EQ(reg_id(cancelled), b.id);
    EXPECT_EQ(json::serialize(cancelled.at("registration")), R"({"id":)" + b.id + R"(,"status":"cancelled"})")
        << "a door account learns no name of a cancelled registration";

    // The forged copy did not check Chloé in: her genuine badge still opens the door.
    json::value genuine = f.scan_ticket(tc, "Vaugirard");
    EXPECT_EQ(str(genuine, "result"), "ok") << genuine;

    // A badge signed with the same key for another event.
    std::string other_config = make_config({});
    std::string slug_line = std::string("slug = \"") + event_slug + "\"";
    other_config.replace(other_config.find(slug_line), slug_line.size(), "slug = \"autre-colloque-2031\"");
    server_process other(other_config);
    other.stop(SIGTERM);
    fs::copy_file(f.server.data_dir() / "badge-signing.key", other.data_dir() / "badge-signing.key",
                  fs::copy_options::overwrite_existing);
    fs::permissions(other.data_dir() / "badge-signing.key", fs::perms::owner_read | fs::perms::owner_write);
    ASSERT_EQ(run_cli(other, {"keys", "--adopt"}, {}).exit_status, 0);  // its database recorded its first key
    other.restart();
    http_client other_client(other.base_url());
    auto stranger = register_new(other_client, std::nullopt, "ailleurs");
    ASSERT_EQ(stranger.status, "confirmed") << stranger.response.body;
    std::string foreign = ticket_of(other_client, stranger.token, f.scratch.path());
    ticket_check fc = check_ticket(foreign, f.key);
    EXPECT_TRUE(fc.signature_valid) << "the other event's badge is not signed with the same key";
    EXPECT_EQ(fc.event_tag, expected_event_tag("autre-colloque-2031"));
    json::value wrong = f.scan_ticket(foreign, "Vaugirard");
    EXPECT_EQ(str(wrong, "result"), "wrong_event") << wrong;

    // One row per scan, failed ones included, with the door, the staff account and the result.
    server_database db(f.server);
    std::string staff_id = db.text("SELECT id FROM staff WHERE email = 'porte@example.org'");
    auto rows = db.rows("SELECT result, registration_id, door, staff_id, scanned_at, received_at FROM scans ORDER BY id");
    std::vector<std::string> results;
    for (const auto& row : rows) results.push_back(row[0].value_or("<null>"));
    EXPECT_EQ(results, (std::vector<std::string>{"ok", "already_checked_in", "not_confirmed", "invalid", "invalid",
                                                  "cancelled", "ok", "wrong_event"}));
    ASSERT_EQ(rows.size(), 8u);
    std::vector<std::optional<std::string>> expected_ids{a.id, a.id, d.id, std::nullopt, std::nullopt, b.id, c.id};
    for (std::size_t i = 0; i < expected_ids.size(); ++i) {
        if (expected_ids[i]) {
            EXPECT_EQ(rows[i][1], expected_ids[i]) << "scan " << i;
        } else {
            EXPECT_FALSE(rows[i][1].has_value()) << "scan " << i;
        }
    }
    EXPECT_EQ(rows[1][2], std::optional<std::string>("Tournon"));
    for (const auto& row : rows) {
        EXPECT_EQ(row[3], std::optional<std::string>(staff_id));
        EXPECT_TRUE(row[4].has_value() && row[5].has_value());
    }
    EXPECT_EQ(db.text("SELECT checked_in_door FROM registrations WHERE id = ?", {a.id}), "Vaugirard");
}

TEST(door, an_emailed_badge_is_known_by_its_fingerprint_until_it_is_replaced) {
    door_fixture f;
    auto a = register_new(f.client, std::nullopt, "alice");
    ASSERT_EQ(a.status, "confirmed");
    ASSERT_EQ(wait_for_mail(f.server, a.id, "confirmed").size(), 1u);
    std::string ticket = f.ticket(a);
    server_database db(f.server);
    // Recorded once the e-mail is marked sent, just after its file is written: waited for.
    auto recorded = [&](const std::string& expected) {
        std::string now;
        for (int i = 0; i < 100 && (now = db.text("SELECT ticket_fingerprint FROM registrations WHERE id = ?", {a.id})) != expected; ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        return now;
    };
    // Recorded as the badge was e-mailed: a digest of the badge, never the badge itself.
    EXPECT_EQ(recorded(fingerprint_of(ticket)), fingerprint_of(ticket));

    // A copy of the badge with a damaged signature does not pass for the e-mailed one.
    std::string forged = with_damaged_signature(ticket);
    EXPECT_EQ(str(f.scan_ticket(forged, "Vaugirard"), "result"), "invalid");

    // A correction replaces the badge: the old one no longer opens the door, and the new one's
    // fingerprint is recorded once its e-mail is sent.
    http_response edited = f.client.patch_json("/api/registrations/" + a.id,
                                               json::object{{"last_name", "Durand-Petit"}}, bearer(f.admin_token));
    ASSERT_EQ(edited.status, 200) << edited.body;
    ASSERT_EQ(wait_for_mail(f.server, a.id, "confirmed", 2).size(), 2u);
    std::string replaced = f.ticket(a);
    ASSERT_NE(replaced, ticket);
    EXPECT_EQ(recorded(fingerprint_of(replaced)), fingerprint_of(replaced));
    EXPECT_EQ(str(f.scan_ticket(ticket, "Vaugirard"), "result"), "invalid");
    json::value ok = f.scan_ticket(replaced, "Vaugirard");
    EXPECT_EQ(str(ok, "result"), "ok") << ok;
    EXPECT_EQ(str(ok.at("registration"), "last_name"), "Durand-Petit") << ok;
}

TEST(door, a_badge_not_emailed_yet_is_checked_by_its_signature) {
    door_fixture f;
    auto a = register_new(f.client, std::nullopt, "alice");
    auto b = register_new(f.client, std::nullopt, "bruno");
    ASSERT_EQ(wait_for_mail(f.server, a.id, "confirmed").size(), 1u);
    ASSERT_EQ(wait_for_mail(f.server, b.id, "confirmed").size(), 1u);
    std::string ta = f.ticket(a), tb = f.ticket(b);
    // As if Alice's e-mail had not left yet, and Bruno's row held someone else's fingerprint.
    server_database db(f.server);
    db.exec("UPDATE registrations SET ticket_fingerprint = NULL WHERE id = ?", {a.id});
    db.exec("UPDATE registrations SET ticket_fingerprint = ? WHERE id = ?", {fingerprint_of(ta), b.id});
    std::string forged = with_damaged_signature(tb);
    EXPECT_EQ(str(f.scan_ticket(forged, "Vaugirard"), "result"), "invalid");
    EXPECT_EQ(str(f.scan_ticket(ta, "Vaugirard"), "result"), "ok");
    EXPECT_EQ(str(f.scan_ticket(tb, "Vaugirard"), "result"), "ok");

    // In an offline batch too, recognised or not, each scan keeps its place.
    auto c0 = register_new(f.client, std::nullopt, "chloe");
    ASSERT_EQ(wait_for_mail(f.server, c0.id, "confirmed").size(), 1u);
    std::string tc = f.ticket(c0);
    db.exec("UPDATE registrations SET ticket_fingerprint = NULL WHERE id = ?", {c0.id});
    f.registered_yesterday({a.id, c0.id});
    auto scan_at = [](const std::string& id, const std::string& ticket) {
        return json::object{{"id", id}, {"ticket", ticket}, {"scanned_at", minutes_ago(1)}, {"door", "Tournon"}};
    };
    json::value results = f.batch(json::array{scan_at("hors-ligne-1", ta), scan_at("hors-ligne-2", forged),
                                              scan_at("hors-ligne-3", tc)});
    ASSERT_EQ(results.at("results").as_array().size(), 3u) << results;
    // Alice's offline scan, a minute before her online one, becomes her check-in (the earliest wins).
    EXPECT_EQ(str(results.at("results").at(0), "result"), "ok") << results;
    EXPECT_EQ(str(results.at("results").at(1), "result"), "invalid") << results;
    EXPECT_EQ(str(results.at("results").at(2), "result"), "ok") << results;
    EXPECT_EQ(reg_id(results.at("results").at(2)), c0.id);
    auto logged = db.rows("SELECT client_scan_id, result, registration_id FROM scans WHERE client_scan_id IS NOT NULL "
                          "ORDER BY client_scan_id");
    ASSERT_EQ(logged.size(), 3u);
    EXPECT_EQ(logged[1][1], std::optional<std::string>("invalid"));
    EXPECT_FALSE(logged[1][2].has_value()) << "a forged ticket names no one in the scan log";
    EXPECT_EQ(logged[2][2], std::optional<std::string>(c0.id));

    // The command line writing to the database between two scans does not stop the server
    // from writing afterwards.
    new_staff_token(f.server, "porte2@example.org", "door");
    auto c = register_new(f.client, std::nullopt, "chloe");
    EXPECT_EQ(c.status, "confirmed") << c.response.body;
    EXPECT_EQ(str(f.scan_ticket(tb, "Vaugirard"), "result"), "already_checked_in");
}

TEST(door, simultaneous_scans_of_one_badge_give_exactly_one_ok) {
    door_fixture f;
    constexpr int threads = 16;
    for (int round = 0; round < 3; ++round) {
        auto r = register_new(f.client, std::nullopt, "simultane");
        ASSERT_EQ(r.status, "confirmed");
        std::string ticket = f.ticket(r);
        std::vector<std::string> results(threads), times(threads);
        std::latch ready(threads);
        std::vector<std::thread> pool;
        for (int i = 0; i < threads; ++i) {
            pool.emplace_back([&, i] {
                http_client own(f.server.base_url());
                json::object body{{"ticket", ticket}, {"door", "porte " + std::to_string(i)}};
                ready.arrive_and_wait();
                http_response resp = own.post_json("/api/checkin", body, bearer(f.door_token));
                if (resp.status != 200) {
                    results[i] = "status " + std::to_string(resp.status);
                    return;
                }
                json::value v = resp.json();
                results[i] = str(v, "result");
                times[i] = str(v, "checked_in_at");
            });
        }
        for (auto& t : pool) t.join();
        std::map<std::string, int> counts;
        for (const auto& res : results) ++counts[res];
        EXPECT_EQ(counts["ok"], 1) << "round " << round;
        EXPECT_EQ(counts["already_checked_in"], threads - 1) << "round " << round;
        std::set<std::string> distinct_times(times.begin(), times.end());
        EXPECT_EQ(distinct_times.size(), 1u) << "every answer must carry the first scan's time";
        server_database db(f.server);
        EXPECT_EQ(db.integer("SELECT COUNT(*) FROM scans WHERE registration_id = ?", {r.id}), threads);
        EXPECT_EQ(db.integer("SELECT COUNT(*) FROM scans WHERE registration_id = ? AND result = 'ok'", {r.id}), 1);
    }
}

TEST(door, offline_batches_keep_order_ignore_reuploads_and_the_earliest_scan_wins) {
    door_fixture f;
    auto a = register_new(f.client, std::nullopt, "lot-a");
    auto b = register_new(f.client, std::nullopt, "lot-b");
    auto c = register_new(f.client, std::nullopt, "lot-c");
    std::string ta = f.ticket(a), tb = f.ticket(b), tc = f.ticket(c);
    f.registered_yesterday({a.id, b.id, c.id});

    // Alice is scanned online now; an offline device had scanned her an hour ago.
    json::value online = f.scan_ticket(ta, "Vaugirard");
    ASSERT_EQ(str(online, "result"), "ok") << online;

    std::string t60 = minutes_ago(60), t30 = minutes_ago(30), t20 = minutes_ago(20), t5 = minutes_ago(5);
    auto item = [](const std::string& id, const std::string& ticket, const std::string& at, const std::string& door) {
        return json::object{{"id", id}, {"ticket", ticket}, {"scanned_at", at}, {"door", door}};
    };
    json::array scans{item("tel1-1", tb, t30, "Tournon"), item("tel1-2", "GARBAGE", t30, "Tournon"),
                      item("tel1-3", tb, t20, "Tournon"), item("tel1-4", ta, t60, "Tournon"),
                      item("tel1-5", tc, t5, "Tournon")};
    json::value first = f.batch(scans);
    const std::vector<std::string> expected{"ok", "invalid", "already_checked_in", "ok", "ok"};
    const std::vector<std::string> expected_ids{b.id, "<none>", b.id, a.id, c.id};
    ASSERT_TRUE(first.is_object() && first.at("results").is_array()) << first;
    json::array results = first.at("results").as_array();
    ASSERT_EQ(results.size(), 5u) << first;
    for (std::size_t i = 0; i < 5; ++i) {
        EXPECT_EQ(str(results[i], "result"), expected[i]) << "scan " << i << ": " << results[i];
        EXPECT_EQ(reg_id(results[i]), expected_ids[i]) << "scan " << i;
    }
    EXPECT_EQ(to_second(str(results[2], "checked_in_at")), to_second(t30)) << results[2];

    server_database db(f.server);
    long long rows = db.integer("SELECT COUNT(*) FROM scans");
    EXPECT_EQ(rows, 6);  // the online scan and five offline ones
    EXPECT_EQ(to_second(db.text("SELECT scanned_at FROM scans WHERE client_scan_id = 'tel1-4'")), to_second(t60));

    // The same batch again: the same answers, nothing new.
    json::value second = f.batch(scans);
    ASSERT_TRUE(second.is_object() && second.at("results").is_array()) << second;
    json::array again = second.at("results").as_array();
    ASSERT_EQ(again.size(), 5u);
    for (std::size_t i = 0; i < 5; ++i) {
        EXPECT_EQ(str(again[i], "result"), expected[i]) << "re-upload, scan " << i;
        EXPECT_EQ(reg_id(again[i]), expected_ids[i]) << "re-upload, scan " << i;
    }
    EXPECT_EQ(db.integer("SELECT COUNT(*) FROM scans"), rows);

    // Old ids mixed with a new one: only the new scan counts.
    json::array mixed{item("tel1-5", tc, t5, "Tournon"), item("tel2-1", tc, minutes_ago(1), "Vaugirard")};
    json::value third = f.batch(mixed);
    json::array mixed_results = third.at("results").as_array();
    ASSERT_EQ(mixed_results.size(), 2u);
    EXPECT_EQ(str(mixed_results[0], "result"), "ok");
    EXPECT_EQ(str(mixed_results[1], "result"), "already_checked_in");
    EXPECT_EQ(to_second(str(mixed_results[1], "checked_in_at")), to_second(t5));
    EXPECT_EQ(db.integer("SELECT COUNT(*) FROM scans"), rows + 1);

    // The earliest scan of each registration is the check-in time.
    json::value list = f.list();
    std::map<std::string, json::object> by_id;
    for (const auto& r : list.at("registrations").as_array()) by_id[id_text(r.at("id"))] = r.as_object();
    EXPECT_EQ(to_second(str(by_id[a.id], "checked_in_at")), to_second(t60)) << by_id[a.id];
    EXPECT_EQ(str(by_id[a.id], "checked_in_door"), "Tournon");
    EXPECT_EQ(to_second(str(by_id[b.id], "checked_in_at")), to_second(t30)) << by_id[b.id];
    EXPECT_EQ(to_second(str(by_id[c.id], "checked_in_at")), to_second(t5)) << by_id[c.id];
    EXPECT_EQ(num(list, "checked_in"), 3);
    json::value late = f.scan_ticket(ta, "Vaugirard");
    EXPECT_EQ(str(late, "result"), "already_checked_in");
    EXPECT_EQ(to_second(str(late, "checked_in_at")), to_second(t60)) << late;
}

TEST(door, two_devices_scanning_one_badge_offline_give_one_ok_to_the_earliest_scan) {
    door_fixture f;
    auto a = register_new(f.client, std::nullopt, "deux-tel");
    auto b = register_new(f.client, std::nullopt, "deux-tel-b");
    std::string ta = f.ticket(a), tb = f.ticket(b);
    f.registered_yesterday({a.id, b.id});
    std::string t40 = minutes_ago(40), t25 = minutes_ago(25), t10 = minutes_ago(10);
    auto item = [](const std::string& id, const std::string& ticket, const std::string& at, const std::string& door) {
        return json::object{{"id", id}, {"ticket", ticket}, {"scanned_at", at}, {"door", door}};
    };
    // The later scans come first in the upload, as when two devices' queues are merged.
    json::value out = f.batch(json::array{item("telA-1", ta, t10, "Vaugirard"), item("telB-1", tb, t25, "Tournon"),
                                          item("telB-2", ta, t25, "Tournon"), item("telA-2", ta, t40, "Vaugirard")});
    ASSERT_TRUE(out.is_object() && out.at("results").is_array()) << out;
    json::array results = out.at("results").as_array();
    ASSERT_EQ(results.size(), 4u) << out;
    // Answers in the request's order; the earliest scan of Alice's badge is her check-in.
    const std::vector<std::string> expected{"already_checked_in", "ok", "already_checked_in", "ok"};
    const std::vector<std::string> expected_ids{a.id, b.id, a.id, a.id};
    for (std::size_t i = 0; i < 4; ++i) {
        EXPECT_EQ(str(results[i], "result"), expected[i]) << "scan " << i << ": " << results[i];
        EXPECT_EQ(reg_id(results[i]), expected_ids[i]) << "scan " << i;
    }
    EXPECT_EQ(to_second(str(results[0], "checked_in_at")), to_second(t40)) << results[0];
    EXPECT_EQ(str(results[0], "checked_in_door"), "Vaugirard") << results[0];
    EXPECT_EQ(to_second(str(results[2], "checked_in_at")), to_second(t40)) << results[2];

    server_database db(f.server);
    EXPECT_EQ(db.integer("SELECT COUNT(*) FROM scans WHERE registration_id = ? AND result = 'ok'", {a.id}), 1)
        << "the scan log keeps one successful entry per badge";
    EXPECT_EQ(db.text("SELECT client_scan_id FROM scans WHERE registration_id = ? AND result = 'ok'", {a.id}),
              "telA-2");
    EXPECT_EQ(to_second(db.text("SELECT checked_in_at FROM registrations WHERE id = ?", {a.id})), to_second(t40));
    EXPECT_EQ(num(f.list(), "checked_in"), 2);
}

TEST(door, the_list_gives_what_a_device_needs_and_what_changed_since) {
    server_options options;
    options.capacity = 2;
    door_fixture f(options);
    auto a = register_new(f.client, "dircab", "liste-a");
    auto b = register_new(f.client, std::nullopt, "liste-b");
    auto c = register_new(f.client, std::nullopt, "liste-c");
    ASSERT_EQ(c.status, "waitlisted");
    std::string ta = f.ticket(a), tb = f.ticket(b);

    json::value full = f.list();
    EXPECT_EQ(str(full, "event"), event_slug);
    EXPECT_EQ(str(full, "public_key"), cli_public_key(f.server));
    EXPECT_EQ(num(full, "expected"), 2);
    EXPECT_EQ(num(full, "checked_in"), 0);
    EXPECT_TRUE(full.at("revoked").as_array().empty()) << full;
    std::map<std::string, json::object> by_id;
    for (const auto& r : full.at("registrations").as_array()) by_id[id_text(r.at("id"))] = r.as_object();
    ASSERT_EQ(by_id.size(), 2u) << full;
    ASSERT_TRUE(by_id.count(a.id) && by_id.count(b.id)) << full;
    EXPECT_EQ(str(by_id[a.id], "first_name"), "Camille");
    EXPECT_EQ(str(by_id[a.id], "last_name"), "Durand");
    EXPECT_EQ(str(by_id[a.id], "organisation"), "Commune de Villeurbanne");
    EXPECT_EQ(str(by_id[a.id], "partner"), "dircab");
    EXPECT_TRUE(is_null(by_id[b.id], "partner"));
    EXPECT_EQ(str(by_id[a.id], "status"), "confirmed");
    EXPECT_EQ(str(by_id[a.id], "ticket_id"), check_ticket(ta, f.key).nonce_hex);
    EXPECT_EQ(str(by_id[b.id], "ticket_id"), check_ticket(tb, f.key).nonce_hex);
    EXPECT_TRUE(is_null(by_id[a.id], "checked_in_at"));

    std::string as_of = str(full, "as_of");
    std::this_thread::sleep_for(20ms);
    ASSERT_EQ(str(f.scan_ticket(ta, "Vaugirard"), "result"), "ok");
    ASSERT_EQ(f.client.post_json("/api/manage/" + b.token + "/cancel", json::object{}).status, 200);

    json::value changed = f.list("?since=" + as_of);
    std::map<std::string, json::object> changes;
    for (const auto& r : changed.at("registrations").as_array()) changes[id_text(r.at("id"))] = r.as_object();
    EXPECT_EQ(changes.size(), 3u) << changed;
    EXPECT_EQ(str(changes[a.id], "status"), "confirmed");
    EXPECT_NE(str(changes[a.id], "checked_in_at"), "<missing>") << changes[a.id];
    EXPECT_EQ(str(changes[a.id], "checked_in_door"), "Vaugirard");
    EXPECT_EQ(str(changes[b.id], "status"), "cancelled");
    EXPECT_EQ(str(changes[c.id], "status"), "confirmed") << "the promoted registration";
    std::vector<std::string> revoked;
    for (const auto& t : changed.at("revoked").as_array()) revoked.emplace_back(t.as_string());
    EXPECT_EQ(revoked, std::vector<std::string>{check_ticket(tb, f.key).nonce_hex});
    EXPECT_EQ(num(changed, "checked_in"), 1);
    EXPECT_EQ(num(changed, "expected"), 2);

    json::value nothing = f.list("?since=" + str(changed, "as_of"));
    EXPECT_TRUE(nothing.at("registrations").as_array().empty()) << nothing;
    EXPECT_TRUE(nothing.at("revoked").as_array().empty()) << nothing;
}

TEST(door, a_door_account_learns_names_of_confirmed_registrations_only) {
    server_options options;
    options.capacity = 1;
    door_fixture f(options);
    auto a = register_new(f.client, std::nullopt, "nom-a");
    auto waiting = register_new(f.client, std::nullopt, "nom-attente");
    ASSERT_EQ(waiting.status, "waitlisted");
    auto b = register_new(f.client, std::nullopt, "nom-b");
    std::string ta = f.ticket(a);
    json::value before = f.list();
    std::string as_of = str(before, "as_of");

    // A scan of a waitlisted registration chosen by id, and a cancelled badge.
    json::value not_confirmed = f.scan(json::object{{"registration_id", std::stoll(waiting.id)}, {"door", "Vaugirard"}});
    EXPECT_EQ(str(not_confirmed, "result"), "not_confirmed") << not_confirmed;
    EXPECT_EQ(json::serialize(not_confirmed.at("registration")), R"({"id":)" + waiting.id + R"(,"status":"waitlisted"})");
    EXPECT_FALSE(has(not_confirmed, "on_security_list")) << not_confirmed;
    ASSERT_EQ(f.client.post_json("/api/manage/" + a.token + "/cancel", json::object{}).status, 200);
    json::value cancelled = f.scan_ticket(ta, "Vaugirard");
    EXPECT_EQ(str(cancelled, "result"), "cancelled") << cancelled;
    EXPECT_EQ(json::serialize(cancelled.at("registration")), R"({"id":)" + a.id + R"(,"status":"cancelled"})");

    // The changes since: the cancelled one is an id and a status; the one promoted in its place
    // is confirmed now, with its name.
    json::value changed = f.list("?since=" + as_of);
    std::map<std::string, json::object> by_id;
    for (const auto& r : changed.at("registrations").as_array()) by_id[id_text(r.at("id"))] = r.as_object();
    ASSERT_TRUE(by_id.count(a.id) && by_id.count(waiting.id)) << changed;
    EXPECT_EQ(json::serialize(by_id[a.id]), R"({"id":)" + a.id + R"(,"status":"cancelled"})");
    EXPECT_EQ(str(by_id[waiting.id], "status"), "confirmed");
    EXPECT_NE(str(by_id[waiting.id], "last_name"), "<missing>");
    EXPECT_FALSE(by_id.count(b.id)) << "still waitlisted: nothing changed for it";
    json::value whole = f.list();
    for (const auto& r : whole.at("registrations").as_array())
        EXPECT_NE(id_text(r.at("id")), b.id) << "the waitlisted registration is not in the whole list";
}

TEST(door, no_batch_scan_backdates_an_arrival) {
    door_fixture f;
    auto a = register_new(f.client, std::nullopt, "avant");
    auto b = register_new(f.client, std::nullopt, "futur");
    auto c = register_new(f.client, std::nullopt, "vrai");
    std::string ta = f.ticket(a), tb = f.ticket(b), tc = f.ticket(c);
    f.registered_yesterday({c.id});
    std::string sent = server_database::utc_in(0);
    std::string honest = minutes_ago(30);
    auto item = [](const std::string& id, const std::string& ticket, const std::string& at) {
        return json::object{{"id", id}, {"ticket", ticket}, {"scanned_at", at}, {"door", "Tournon"}};
    };
    json::value out = f.batch(json::array{item("date-1", ta, "1970-01-01T00:00:00Z"),
                                          item("date-2", tb, "2099-01-01T00:00:00Z"), item("date-3", tc, honest)});
    ASSERT_TRUE(out.is_object() && out.at("results").is_array()) << out;
    for (const auto& r : out.at("results").as_array()) EXPECT_EQ(str(r, "result"), "ok") << out;
    EXPECT_GE(str(out, "as_of"), sent) << "the answer is dated by the server";

    // 1970 and 2099 are recorded at the arrival, the device's values kept beside them.
    server_database db(f.server);
    std::string done = server_database::utc_in(1);
    for (const auto& id : {a.id, b.id}) {
        std::string at = db.text("SELECT checked_in_at FROM registrations WHERE id = ?", {id});
        EXPECT_GE(at, sent) << "registration " << id;
        EXPECT_LE(at, done) << "registration " << id;
    }
    EXPECT_EQ(to_second(db.text("SELECT device_scanned_at FROM scans WHERE client_scan_id = 'date-1'")),
              "1970-01-01T00:00:00");
    EXPECT_EQ(to_second(db.text("SELECT device_scanned_at FROM scans WHERE client_scan_id = 'date-2'")),
              "2099-01-01T00:00:00");
    // A believable time stands, and the log has nothing beside it.
    EXPECT_EQ(to_second(db.text("SELECT checked_in_at FROM registrations WHERE id = ?", {c.id})), to_second(honest));
    EXPECT_EQ(db.integer("SELECT COUNT(*) FROM scans WHERE client_scan_id = 'date-3' AND device_scanned_at IS NULL"), 1);
    json::value online = f.scan_ticket(ta, "Vaugirard");
    EXPECT_EQ(str(online, "result"), "already_checked_in");
    EXPECT_GE(str(online, "checked_in_at"), sent) << online;
    EXPECT_GE(str(online, "as_of"), sent) << online;

    // Nor does an old date displace a real check-in.
    auto d = register_new(f.client, std::nullopt, "deja-la");
    std::string td = f.ticket(d);
    json::value arrived = f.scan_ticket(td, "Vaugirard");
    ASSERT_EQ(str(arrived, "result"), "ok") << arrived;
    json::value old = f.batch(json::array{item("date-4", td, "1970-01-01T00:00:00Z")});
    EXPECT_EQ(str(old.at("results").at(0), "result"), "already_checked_in") << old;
    EXPECT_EQ(db.text("SELECT checked_in_at FROM registrations WHERE id = ?", {d.id}), str(arrived, "checked_in_at"));
}

TEST(door, routes_refuse_anonymous_and_partner_callers) {
    door_fixture f;
    auto a = register_new(f.client, "dextera", "portee");
    std::string ticket = f.ticket(a);
    std::string partner = new_staff_token(f.server, "partenaire@example.org", "partner", "dextera");
    json::object one{{"ticket", ticket}, {"door", "Vaugirard"}};
    json::object batch{{"scans", json::array{json::object{
                                     {"id", "x-1"}, {"ticket", ticket}, {"scanned_at", minutes_ago(1)}, {"door", "V"}}}}};
    auto call = [&](const std::string& route, const header_list& h) {
        if (route == "key") return f.client.get("/api/checkin/key", h);
        if (route == "list") return f.client.get("/api/checkin/list", h);
        if (route == "checkin") return f.client.post_json("/api/checkin", one, h);
        return f.client.post_json("/api/checkin/batch", batch, h);
    };
    for (const char* route : {"key", "list", "checkin", "batch"}) {
        SCOPED_TRACE(route);
        expect_error(call(route, {}), 401, "unauthenticated");
        expect_error(call(route, bearer("0.notavalidtoken")), 401, "unauthenticated");
        expect_error(call(route, bearer(partner)), 403, "forbidden");
    }
    server_database db(f.server);
    EXPECT_EQ(db.integer("SELECT COUNT(*) FROM scans"), 0) << "a refused caller left a scan";
    EXPECT_TRUE(is_null(f.client.get("/api/manage/" + a.token).json(), "checked_in_at"));

    for (const std::string& token : {f.door_token, f.admin_token}) {
        EXPECT_EQ(call("key", bearer(token)).status, 200);
        EXPECT_EQ(call("list", bearer(token)).status, 200);
    }
    http_response admin_scan = f.client.post_json("/api/checkin", one, bearer(f.admin_token));
    EXPECT_EQ(admin_scan.status, 200);
    EXPECT_EQ(str(admin_scan.json(), "result"), "ok") << admin_scan.body;
}

}  // namespace
}  // namespace colloq_it
