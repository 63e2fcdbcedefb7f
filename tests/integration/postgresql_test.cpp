// Several servers on one PostgreSQL database (the suite runs there with tests/with-postgresql;
// skipped on SQLite): seats exact under registrations spread over them, a cancellation on one
// promoting through another, every e-mail once with every worker running, one `ok` for a
// badge scanned on two at once, a session made on one used on the other, the counts each shows
// refreshed within a second, the limits per client counted once over all of them, and
// `kill -9` of one in a rush losing nothing acknowledged.
#include <atomic>
#include <csignal>
#include <latch>
#include <mutex>
#include <set>
#include <thread>

#include <gtest/gtest.h>

#include "colloq/crypto/secrets.hpp"
#include "login_burst.hpp"
#include "server_database.hpp"
#include "smtp_sink.hpp"
#include "staff_support.hpp"
#include "test_support.hpp"

namespace colloq_it {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

#define ONLY_ON_POSTGRESQL() \
    if (!on_postgresql()) GTEST_SKIP() << "several servers share a PostgreSQL database (COLLOQ_IT_POSTGRES)"

// Another server on `first`'s database, signing with its key.
std::unique_ptr<server_process> beside(const server_process& first, const std::string& config_text) {
    return std::make_unique<server_process>(config_text, std::nullopt, first.db_url(), first.data_dir());
}

server_options seats(int capacity, int dextera_quota) {
    server_options o;
    o.capacity = capacity;
    o.partners[0].quota = dextera_quota;
    return o;
}

// The confirmed count GET /api/event shows, once it equals `expected` or after `within`.
long long confirmed_shown(http_client& client, long long expected, std::chrono::milliseconds within) {
    long long shown = -1;
    for (auto until = std::chrono::steady_clock::now() + within; std::chrono::steady_clock::now() < until;) {
        shown = num(event_info(client), "confirmed");
        if (shown == expected) break;
        std::this_thread::sleep_for(50ms);
    }
    return shown;
}

TEST(several_servers, registrations_spread_over_three_fill_the_capacity_and_a_quota_exactly) {
    ONLY_ON_POSTGRESQL();
    auto config = make_config(seats(50, 10));
    server_process first(config);
    auto second = beside(first, config), third = beside(first, config);
    std::vector<const server_process*> servers{&first, second.get(), third.get()};

    constexpr int threads = 16, each = 25;  // 400 in all, one in three for Dextera
    std::mutex m;
    std::map<std::string, int> statuses;
    std::set<std::string> ids;
    std::latch start(threads);
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t)
        pool.emplace_back([&, t] {
            http_client client(servers[static_cast<std::size_t>(t) % servers.size()]->base_url());
            start.arrive_and_wait();
            for (int i = 0; i < each; ++i) {
                auto partner = (t * each + i) % 3 == 0 ? std::optional<std::string>("dextera") : std::nullopt;
                registered r = register_new(client, partner, "ruee");
                std::lock_guard lock(m);
                ++statuses[r.response.status == 201 ? r.status : "http " + std::to_string(r.response.status)];
                ids.insert(r.id);
            }
        });
    for (auto& t : pool) t.join();

    EXPECT_EQ(statuses["confirmed"], 50);
    EXPECT_EQ(statuses["waitlisted"], 350);
    EXPECT_EQ(ids.size(), 400u) << "an id was given twice";
    server_database db(first);
    EXPECT_EQ(db.with_status("confirmed"), 50);
    EXPECT_EQ(db.with_partner_status("dextera", "confirmed"), 10);
    EXPECT_EQ(db.integer("SELECT confirmed FROM seat_counters WHERE partner = ''"), 50);
    EXPECT_EQ(db.integer("SELECT count(DISTINCT registration_id) FROM outbox"), 400) << "one e-mail each";
    // Every server shows the database's count within a second, whoever registered.
    for (const auto* s : servers) {
        http_client client(s->base_url());
        EXPECT_EQ(confirmed_shown(client, 50, 1000ms), 50) << s->base_url();
        EXPECT_EQ(num(event_info(client), "remaining"), 0);
    }
}

TEST(several_servers, a_cancellation_on_one_promotes_through_the_other_and_every_email_is_sent_once) {
    ONLY_ON_POSTGRESQL();
    smtp_sink sink;
    auto config = config_with_smtp(seats(2, 80), sink.url(), 1);
    server_process first(config);
    auto second = beside(first, config);
    http_client a(first.base_url()), b(second->base_url());

    registered one = register_new(a), two = register_new(b), three = register_new(a);
    ASSERT_EQ(three.status, "waitlisted");
    // Cancelled through the second server: the first's waiting registration is promoted.
    ASSERT_EQ(b.post_json("/api/manage/" + one.token + "/cancel", json::object{}).status, 200);
    EXPECT_EQ(manage_status(a, three.token), "confirmed");
    EXPECT_EQ(confirmed_shown(a, 2, 1000ms), 2);

    // confirmed ×2, waitlisted, cancelled, promoted: five e-mails, each once, whichever worker sent it.
    ASSERT_EQ(sink.wait_for(5, 20s), 5u);
    std::this_thread::sleep_for(2s);  // a second copy would have arrived by now
    auto messages = read_messages(sink.maildir());
    EXPECT_EQ(messages.size(), 5u);
    std::set<std::string> message_ids;
    for (const auto& msg : messages) message_ids.insert(msg.message_id);
    EXPECT_EQ(message_ids.size(), messages.size()) << "an e-mail was sent twice";
    server_database db(first);
    EXPECT_EQ(db.integer("SELECT count(*) FROM outbox WHERE sent_at IS NULL"), 0);
}

TEST(several_servers, one_badge_scanned_on_two_at_once_gives_one_ok_and_each_sees_the_others_scans) {
    ONLY_ON_POSTGRESQL();
    auto config = make_config({});
    server_process first(config);
    auto second = beside(first, config);
    std::string door = staff_token(first, "porte-pg@example.org", "door");  // made on one, valid on all
    http_client a(first.base_url()), b(second->base_url());
    std::string since = utc_from_now(-1s);

    for (int round = 0; round < 5; ++round) {
        registered r = register_new(a);
        json::object scan{{"registration_id", std::stoll(r.id)}, {"door", "Vaugirard"}};
        std::latch start(2);
        std::string results[2];
        std::thread on_a([&] {
            http_client c(first.base_url());
            start.arrive_and_wait();
            results[0] = str(c.post_json("/api/checkin", scan, bearer(door)).json(), "result");
        });
        std::thread on_b([&] {
            http_client c(second->base_url());
            start.arrive_and_wait();
            results[1] = str(c.post_json("/api/checkin", scan, bearer(door)).json(), "result");
        });
        on_a.join();
        on_b.join();
        std::multiset<std::string> got{results[0], results[1]};
        EXPECT_EQ(got, (std::multiset<std::string>{"already_checked_in", "ok"})) << results[0] << " " << results[1];
    }
    // The second server's door list holds every check-in, wherever it was made, and its count
    // follows within a second.
    http_response list;
    for (int i = 0; i < 20; ++i) {
        list = b.get("/api/checkin/list?since=" + since, bearer(door));
        if (list.status == 200 && num(list.json(), "checked_in") == 5) break;
        std::this_thread::sleep_for(50ms);
    }
    ASSERT_EQ(list.status, 200) << list.body;
    EXPECT_EQ(num(list.json(), "checked_in"), 5) << list.body;
    int scanned = 0;
    json::value body = list.json();
    for (const auto& person : body.at("registrations").as_array())
        if (!person.at("checked_in_at").is_null()) ++scanned;
    EXPECT_EQ(scanned, 5) << list.body;
}

TEST(several_servers, a_security_list_frozen_on_one_reaches_the_others_door_within_a_second) {
    ONLY_ON_POSTGRESQL();
    server_options o;
    o.sections_toml = "[security_list]\nrecipient = \"Service de la sécurité du Sénat\"\n"
                      "due_at = \"2030-10-08T12:00:00+02:00\"\nfields = [\"last_name\", \"first_name\"]\n";
    auto config = make_config(o);
    server_process first(config);
    auto second = beside(first, config);
    std::string admin = staff_token(first, "admin-liste-pg@example.org", "admin");
    http_client a(first.base_url()), b(second->base_url());
    registered listed = register_new(a);
    ASSERT_EQ(a.post_json("/api/security-list/freeze", json::object{}, bearer(admin)).status, 200);

    long long version = 0;
    bool on_list = false;
    for (int i = 0; i < 20 && version != 1; ++i) {
        json::value list = b.get("/api/checkin/list", bearer(admin)).json();
        version = num(list, "security_list_version");
        for (const auto& person : list.at("registrations").as_array())
            if (str(person, "id") == listed.id || num(person, "id") == std::stoll(listed.id))
                on_list = person.as_object().contains("on_security_list") && person.at("on_security_list").as_bool();
        std::this_thread::sleep_for(50ms);
    }
    EXPECT_EQ(version, 1);
    EXPECT_TRUE(on_list) << "the second server's door does not mark the person as on the list";
}

TEST(several_servers, a_session_made_on_one_works_on_the_other_and_a_disabled_account_is_refused_by_both) {
    ONLY_ON_POSTGRESQL();
    auto config = make_config({});
    server_process first(config);
    auto second = beside(first, config);
    std::string password = add_staff(first, "dextera-pg@example.org", "partner", "dextera");
    http_client a(first.base_url()), b(second->base_url());
    staff_session session = log_in(a, "dextera-pg@example.org", password);
    ASSERT_EQ(session.response.status, 200) << session.response.body;
    EXPECT_EQ(b.get("/api/registrations", session.headers()).status, 200);

    ASSERT_EQ(run_cli(first, {"staff", "disable"}, {"--email", "dextera-pg@example.org"}).exit_status, 0);
    EXPECT_EQ(a.get("/api/registrations", session.headers()).status, 401);
    EXPECT_EQ(b.get("/api/registrations", session.headers()).status, 401);
}

TEST(several_servers, a_burst_of_concurrent_logins_spread_over_two_hashes_no_more_than_the_limit) {
    ONLY_ON_POSTGRESQL();
    auto config = make_config({});
    server_process first(config);
    auto second = beside(first, config);
    std::string password = add_staff(first, "rafale-pg@example.org", "partner", "dircab");
    burst_outcome burst = login_burst({first.port(), second->port()}, "rafale-pg@example.org", password, 60);
    EXPECT_LE(burst.hashed, 5);
    EXPECT_EQ(burst.limited, 60 - burst.hashed);
    EXPECT_EQ(burst.other, 0);
    EXPECT_EQ(burst.right_status, 429);
}

TEST(several_servers, the_limits_counted_in_the_database_give_no_address_back) {
    ONLY_ON_POSTGRESQL();
    server_process server;
    http_client client(server.base_url());
    client.set_local_address("127.0.0.9");
    expect_error(log_in(client, "personne@example.org", "mauvais").response, 401, "bad_credentials");
    server_database db(server);
    std::string secret = db.text("SELECT value FROM server_settings WHERE name = ?", {"client_limits_key"});
    ASSERT_EQ(secret.size(), 64u) << "a 256-bit secret, made by the server";
    colloq::crypto::init();
    auto rows = db.rows("SELECT client_key FROM client_limits");
    ASSERT_EQ(rows.size(), 3u) << "the address, the account, and the two together";
    std::set<std::string> stored;
    for (const auto& row : rows) stored.insert(row.at(0).value_or(""));
    // Hashing every IPv4 address without the secret finds nothing: the rows are keyed hashes.
    for (const std::string key : {"127.0.0.9", "personne@example.org", "127.0.0.9\npersonne@example.org"}) {
        EXPECT_FALSE(stored.count(colloq::crypto::hash_token(key))) << "found back by an unkeyed hash: " << key;
        EXPECT_TRUE(stored.count(colloq::crypto::keyed_hash(secret, key))) << key;
    }
}

TEST(several_servers, failed_logins_spread_over_two_meet_one_limit) {
    ONLY_ON_POSTGRESQL();
    auto config = make_config({});
    server_process first(config);
    auto second = beside(first, config);
    std::string password = add_staff(first, "dircab-pg@example.org", "partner", "dircab");
    http_client a(first.base_url()), b(second->base_url());
    // Five guesses (the limit for one account from one address), taking turns.
    for (int i = 0; i < 5; ++i)
        expect_error(log_in(i % 2 ? b : a, "dircab-pg@example.org", "devine-" + std::to_string(i)).response, 401,
                     "bad_credentials");
    expect_error(log_in(a, "dircab-pg@example.org", password).response, 429, "too_many_attempts");
    expect_error(log_in(b, "dircab-pg@example.org", password).response, 429, "too_many_attempts");
    // Another address still gets in, on either.
    http_client elsewhere(second->base_url());
    elsewhere.set_local_address("127.0.0.3");
    EXPECT_EQ(log_in(elsewhere, "dircab-pg@example.org", password).response.status, 200);
}

TEST(several_servers, registrations_from_one_address_spread_over_two_meet_one_limit) {
    ONLY_ON_POSTGRESQL();
    server_options options;
    options.limits_lines = {"registrations_per_address = 4"};
    auto config = make_config(options);
    server_process first(config);
    auto second = beside(first, config);
    http_client a(first.base_url()), b(second->base_url());
    a.set_local_address("127.0.0.4");
    b.set_local_address("127.0.0.4");
    for (int i = 0; i < 4; ++i) {
        registered r = register_new(i % 2 ? b : a, std::nullopt, "adresse");
        ASSERT_EQ(r.response.status, 201) << r.response.body;
    }
    expect_error(a.post_json("/api/registrations", person(unique_email("de-trop"))), 429, "rate_limited");
    expect_error(b.post_json("/api/registrations", person(unique_email("de-trop"))), 429, "rate_limited");
    EXPECT_EQ(server_database(first).registrations(), 4);
    http_client other(second->base_url());
    other.set_local_address("127.0.0.5");
    EXPECT_EQ(register_new(other, std::nullopt, "autre").response.status, 201) << "another address is not refused";
}

TEST(several_servers, kill_9_of_one_in_a_rush_loses_nothing_acknowledged_and_the_other_goes_on) {
    ONLY_ON_POSTGRESQL();
    auto config = make_config(seats(100000, 80));
    server_process first(config);
    auto second = beside(first, config);
    std::mutex m;
    std::vector<std::string> acknowledged;
    std::atomic<bool> rushing{true};
    std::vector<std::thread> pool;
    for (int t = 0; t < 8; ++t)
        pool.emplace_back([&, t] {
            http_client client((t % 2 == 0 ? first : *second).base_url(), 5);
            while (rushing) {
                registered r = register_new(client, std::nullopt, "tuee");
                if (r.response.status != 201) continue;  // the killed server's connections fail
                std::lock_guard lock(m);
                acknowledged.push_back(r.id);
            }
        });
    std::this_thread::sleep_for(1500ms);
    first.kill9();
    std::size_t at_kill = 0;
    {
        std::lock_guard lock(m);
        at_kill = acknowledged.size();
    }
    std::this_thread::sleep_for(1500ms);
    rushing = false;
    for (auto& t : pool) t.join();
    EXPECT_GT(acknowledged.size(), at_kill) << "the second server stopped answering";

    server_database db(*second);
    std::set<std::string> stored;
    for (const auto& row : db.rows("SELECT CAST(id AS TEXT) FROM registrations")) stored.insert(*row[0]);
    for (const auto& id : acknowledged) EXPECT_TRUE(stored.count(id)) << "registration " << id << " was lost";
    http_client client(second->base_url());
    EXPECT_EQ(register_new(client).response.status, 201);
}

}  // namespace
}  // namespace colloq_it
