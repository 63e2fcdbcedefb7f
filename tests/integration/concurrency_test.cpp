// Hundreds of parallel registrations and cancellations against a small capacity with a
// partner quota: every request answered 201, never more confirmed than the limits.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <latch>
#include <map>
#include <set>
#include <thread>

#include <gtest/gtest.h>

#include "http_client.hpp"
#include "server_process.hpp"
#include "server_database.hpp"
#include "test_support.hpp"

namespace colloq_it {
namespace {

namespace json = boost::json;

constexpr int capacity = 50;
constexpr int quota = 20;
constexpr int requests = 400;
constexpr int cancellations = 25;

struct attempt {
    std::optional<std::string> partner;
    registered result;
};

// Runs `work(i)` for i in [0, n) on n threads released together.
template <typename F>
void in_parallel(int n, F work) {
    std::latch start(n);
    std::vector<std::thread> threads;
    threads.reserve(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i)
        threads.emplace_back([&, i] {
            start.arrive_and_wait();
            work(i);
        });
    for (auto& t : threads) t.join();
}

TEST(concurrency, parallel_registrations_never_overbook) {
    server_options o;
    o.capacity = capacity;
    o.partners = {{"dextera", "Dextera", quota, false}, {"dircab", "Dircab", {}, false}};
    server_process server(o);

    std::vector<attempt> attempts(requests);
    in_parallel(requests, [&](int i) {
        http_client client(server.base_url(), 60);
        attempt& a = attempts[static_cast<std::size_t>(i)];
        if (i % 2 == 0) a.partner = "dextera";
        a.result = register_new(client, a.partner, "concurrent");
    });

    int not_created = 0, confirmed = 0, waitlisted = 0, dextera_confirmed = 0;
    std::set<std::string> ids;
    std::vector<long long> positions;
    for (const auto& a : attempts) {
        const registered& r = a.result;
        if (r.response.status != 201) {
            if (++not_created <= 5)
                ADD_FAILURE() << "expected 201, got " << r.response.status << " " << r.response.transport_error << " "
                              << r.response.body;
            continue;
        }
        ids.insert(r.id);
        if (r.status == "confirmed") {
            ++confirmed;
            if (a.partner) ++dextera_confirmed;
        } else if (r.status == "waitlisted") {
            ++waitlisted;
            if (r.waitlist_position) positions.push_back(*r.waitlist_position);
        } else {
            ADD_FAILURE() << "unexpected status: " << r.response.body;
        }
    }
    ASSERT_EQ(not_created, 0);
    EXPECT_EQ(ids.size(), static_cast<std::size_t>(requests)) << "ids must be distinct";
    EXPECT_EQ(confirmed, capacity);
    EXPECT_EQ(waitlisted, requests - capacity);
    EXPECT_LE(dextera_confirmed, quota);
    // Positions in the waiting list are 1, 2, … with no gap and no repeat.
    std::sort(positions.begin(), positions.end());
    ASSERT_EQ(positions.size(), static_cast<std::size_t>(requests - capacity));
    for (std::size_t i = 0; i < positions.size(); ++i) {
        if (positions[i] != static_cast<long long>(i + 1)) {
            ADD_FAILURE() << "waitlist positions are not 1.." << positions.size() << ": position " << positions[i]
                          << " at rank " << i + 1;
            break;
        }
    }

    http_client client(server.base_url());
    json::object e = event_info(client);
    EXPECT_EQ(num(e, "confirmed"), capacity);
    EXPECT_EQ(num(e, "waitlisted"), requests - capacity);
    EXPECT_EQ(num(e, "remaining"), 0);
    EXPECT_EQ(num(partner_info(e, "dextera"), "confirmed"), dextera_confirmed);

    server_database db(server);
    EXPECT_EQ(db.registrations(), requests);
    EXPECT_EQ(db.with_status("confirmed"), capacity);
    EXPECT_EQ(db.with_status("waitlisted"), requests - capacity);
    EXPECT_EQ(db.with_partner_status("dextera", "confirmed"), dextera_confirmed);
    EXPECT_LE(db.with_partner_status("dextera", "confirmed"), quota);
    EXPECT_EQ(db.integer("SELECT confirmed FROM seat_counters WHERE partner = ''"), capacity);
    EXPECT_EQ(db.integer("SELECT confirmed FROM seat_counters WHERE partner = 'dextera'"), dextera_confirmed);
    int mismatched = 0;
    for (const auto& a : attempts)
        if (db.status_of(a.result.id) != a.result.status && ++mismatched <= 5)
            ADD_FAILURE() << "id " << a.result.id << " answered " << a.result.status << " but stored as "
                          << db.status_of(a.result.id);
}

TEST(concurrency, parallel_cancellations_promote_in_order_within_the_limits) {
    server_options o;
    o.capacity = capacity;
    o.partners = {{"dextera", "Dextera", quota, false}};
    server_process server(o);

    // Arrival order known: 30 public, then Dextera and public alternately.
    std::vector<attempt> attempts;
    {
        http_client client(server.base_url());
        for (int i = 0; i < 130; ++i) {
            attempt a;
            if (i >= 30 && i % 2 == 0) a.partner = "dextera";
            a.result = register_new(client, a.partner, "order");
            ASSERT_EQ(a.result.response.status, 201) << a.result.response.body;
            attempts.push_back(std::move(a));
        }
    }
    std::vector<const attempt*> to_cancel;
    for (const auto& a : attempts)
        if (a.result.status == "confirmed" && static_cast<int>(to_cancel.size()) < cancellations)
            to_cancel.push_back(&a);
    ASSERT_EQ(to_cancel.size(), static_cast<std::size_t>(cancellations));

    std::vector<long> answers(cancellations);
    in_parallel(cancellations, [&](int i) {
        http_client client(server.base_url(), 60);
        answers[static_cast<std::size_t>(i)] =
            client.post_json("/api/manage/" + to_cancel[static_cast<std::size_t>(i)]->result.token + "/cancel",
                             json::object{})
                .status;
    });
    for (long s : answers) EXPECT_EQ(s, 200);

    http_client client(server.base_url());
    json::object e = event_info(client);
    EXPECT_EQ(num(e, "confirmed"), capacity);
    EXPECT_EQ(num(e, "waitlisted"), 130 - capacity - cancellations);
    EXPECT_LE(num(partner_info(e, "dextera"), "confirmed"), quota);

    server_database db(server);
    EXPECT_EQ(db.with_status("confirmed"), capacity);
    EXPECT_EQ(db.with_status("cancelled"), cancellations);
    // 25 public seats free while 10 Dextera members hold seats: Dextera fills up to its
    // quota from the waiting list, the public takes the rest.
    EXPECT_EQ(db.with_partner_status("dextera", "confirmed"), quota);
    EXPECT_EQ(db.integer("SELECT confirmed FROM seat_counters WHERE partner = ''"), capacity);

    // Within each group (public, Dextera) the promoted ones are the first who waited:
    // once someone of a group is still waiting, nobody of that group after them was promoted.
    std::map<std::string, bool> someone_waits;
    for (const auto& a : attempts) {
        if (a.result.status != "waitlisted") continue;
        std::string group = a.partner.value_or("");
        std::string now = db.status_of(a.result.id);
        if (now == "waitlisted") {
            someone_waits[group] = true;
        } else {
            EXPECT_EQ(now, "confirmed");
            EXPECT_FALSE(someone_waits[group]) << "registration " << a.result.id << " (position "
                                               << a.result.waitlist_position.value_or(0)
                                               << ") was promoted before an earlier one of its group";
        }
    }
}

// A registration rush never leaves the writer idle long enough for the checkpointer to reach
// the end of SQLite's log, so the writer's own checkpoint must start the log over: without it,
// the file grew by a few kilobytes per registration for as long as the rush lasted.
TEST(concurrency, the_database_log_stays_bounded_under_a_continuous_rush) {
    if (on_postgresql()) GTEST_SKIP() << "SQLite's log file";
    server_options o;
    o.capacity = 100000;
    server_process server(o);
    constexpr int clients = 16, each = 700;
    const std::filesystem::path log = server.db_path().string() + "-wal";

    std::atomic<bool> running{true};
    std::atomic<std::uintmax_t> largest{0};
    std::thread watcher([&] {
        while (running) {
            std::error_code ec;
            auto size = std::filesystem::file_size(log, ec);
            if (!ec && size > largest) largest = size;
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
    });
    std::atomic<int> created{0};
    in_parallel(clients, [&](int) {
        http_client client(server.base_url(), 60);
        for (int i = 0; i < each; ++i)
            if (register_new(client, std::nullopt, "ruee").response.status == 201) ++created;
    });
    running = false;
    watcher.join();

    EXPECT_EQ(created, clients * each);
    // 1,000 pages of 4 kB before the log starts over, and the group that crossed the line.
    EXPECT_LT(largest, 8'000'000u) << "the log reached " << largest << " bytes";
}

}  // namespace
}  // namespace colloq_it
