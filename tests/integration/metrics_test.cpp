// GET /metrics: Prometheus's text format, read as a scraper would; counts by route and status
// that follow what was asked, seats and check-ins that follow the registrations, the outbox by
// state; open to loopback and to an organiser's token only; a stream of made-up paths does
// not grow it.
#include <map>
#include <regex>
#include <sstream>

#include <gtest/gtest.h>

#include "staff_support.hpp"
#include "test_support.hpp"

namespace colloq_it {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

// Each sample line ("name{labels} value") by its name and labels; a test failure for a line
// that is neither a sample nor a # HELP / # TYPE comment.
std::map<std::string, double> samples(const std::string& text) {
    // Label values are quoted and may hold braces ("/api/manage/{}").
    static const std::regex sample(R"(^([a-z_]+(\{([a-z_]+="([^"\\]|\\.)*",?)*\})?) (-?[0-9.]+|\+Inf)$)");
    std::map<std::string, double> out;
    std::istringstream lines(text);
    std::string line;
    while (std::getline(lines, line)) {
        if (line.rfind("# HELP ", 0) == 0 || line.rfind("# TYPE ", 0) == 0) continue;
        std::smatch m;
        if (!std::regex_match(line, m, sample)) {
            ADD_FAILURE() << "not a sample: " << line;
            continue;
        }
        out[m[1]] = std::stod(m[5]);
    }
    return out;
}

double value_of(const std::map<std::string, double>& s, const std::string& key) {
    auto it = s.find(key);
    return it == s.end() ? -1 : it->second;
}

std::map<std::string, double> scrape(http_client& client, const header_list& auth = {}) {
    http_response r = client.get("/metrics", auth);
    EXPECT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.header("content-type"), "text/plain; version=0.0.4; charset=utf-8");
    return samples(r.body);
}

const std::string registrations_201 =
    R"(colloq_http_requests_total{method="POST",route="/api/registrations",status="201"})";

TEST(metrics, counts_follow_the_requests_the_seats_and_the_door) {
    server_options o;
    o.capacity = 2;
    server_process server(o);
    http_client client(server.base_url());
    std::string door = staff_token(server, "porte-metrics@example.fr", "door");

    registered first = register_new(client);
    registered second = register_new(client, std::string("dircab"));
    registered third = register_new(client);  // the event is full: waiting list
    ASSERT_EQ(third.status, "waitlisted");
    ASSERT_EQ(client.get("/api/manage/" + first.token + "x").status, 404);
    ASSERT_EQ(client.post_json("/api/checkin", json::object{{"registration_id", std::stoll(second.id)}}, bearer(door)).status, 200);

    auto s = scrape(client);
    EXPECT_EQ(value_of(s, registrations_201), 3);
    // A path with a token is counted under its route's pattern: no token reaches the metrics.
    EXPECT_EQ(value_of(s, R"(colloq_http_requests_total{method="GET",route="/api/manage/{}",status="404"})"), 1);
    EXPECT_EQ(value_of(s, R"(colloq_http_requests_total{method="POST",route="/api/checkin",status="200"})"), 1);
    // The histogram's +Inf bucket and count agree with the counter.
    const std::string route = R"(method="POST",route="/api/registrations")";
    EXPECT_EQ(value_of(s, "colloq_http_request_duration_seconds_bucket{" + route + R"(,le="+Inf"})"), 3);
    EXPECT_EQ(value_of(s, "colloq_http_request_duration_seconds_count{" + route + "}"), 3);
    EXPECT_GT(value_of(s, "colloq_http_request_duration_seconds_sum{" + route + "}"), 0);

    EXPECT_EQ(value_of(s, "colloq_seats_capacity"), 2);
    EXPECT_EQ(value_of(s, "colloq_seats_confirmed"), 2);
    EXPECT_EQ(value_of(s, R"(colloq_partner_seats_quota{partner="dircab"})"), 80);
    EXPECT_EQ(value_of(s, R"(colloq_partner_seats_confirmed{partner="dircab"})"), 1);
    EXPECT_EQ(value_of(s, R"(colloq_registrations{status="waitlisted"})"), 1);
    EXPECT_EQ(value_of(s, "colloq_checked_in"), 1);
    // Every write was committed in some group.
    EXPECT_GE(value_of(s, R"(colloq_writer_group_size_bucket{le="+Inf"})"), 4);
    // Three e-mails queued; without an SMTP server each is written to the spool and counted sent.
    double outbox = 0;
    for (const char* state : {"waiting", "retrying", "failed", "sent"})
        outbox += value_of(s, std::string("colloq_outbox_messages{state=\"") + state + "\"}");
    EXPECT_EQ(outbox, 3);

    // A cancellation frees a seat: the one waiting is promoted, and the counts follow.
    ASSERT_EQ(client.post_json("/api/manage/" + first.token + "/cancel", json::object{}).status, 200);
    s = scrape(client);
    EXPECT_EQ(value_of(s, R"(colloq_registrations{status="waitlisted"})"), 0);
    EXPECT_EQ(value_of(s, R"(colloq_registrations{status="cancelled"})"), 1);
    EXPECT_EQ(value_of(s, "colloq_seats_confirmed"), 2);
}

TEST(metrics, made_up_paths_do_not_grow_the_metrics) {
    server_process server;
    http_client client(server.base_url());
    ASSERT_EQ(client.get("/nope-0").status, 404);
    scrape(client);  // from now on, /metrics has its own series too
    std::size_t lines_before = scrape(client).size();
    for (int i = 1; i < 300; ++i) ASSERT_EQ(client.get("/nope-" + std::to_string(i) + "/x").status, 404);
    auto s = scrape(client);
    EXPECT_EQ(value_of(s, R"x(colloq_http_requests_total{method="",route="(none)",status="404"})x"), 300);
    EXPECT_EQ(s.size(), lines_before) << "each made-up path added a series";
}

TEST(metrics, open_to_loopback_and_to_an_organisers_token_only) {
    server_options o;
    o.server_lines = {"trusted_proxies = [\"127.0.0.1\"]"};
    server_process server(o);
    http_client client(server.base_url());
    std::string admin = staff_token(server, "admin-metrics@example.fr", "admin");
    std::string partner = staff_token(server, "dextera-metrics@example.fr", "partner", "dextera");
    header_list from_outside = {{"X-Forwarded-For", "203.0.113.9"}};
    expect_error(client.get("/metrics", from_outside), 401, "unauthenticated");
    header_list partner_outside = bearer(partner);
    partner_outside.push_back(from_outside.front());
    expect_error(client.get("/metrics", partner_outside), 403, "forbidden");
    // Writing 127.0.0.1 in the header does not pass for loopback: the proxy appends the real client.
    expect_error(client.get("/metrics", {{"X-Forwarded-For", "127.0.0.1, 203.0.113.9"}}), 401, "unauthenticated");
    header_list admin_outside = bearer(admin);
    admin_outside.push_back(from_outside.front());
    EXPECT_GE(value_of(scrape(client, admin_outside), "colloq_seats_capacity"), 1);
    // The scraper on the machine itself needs nothing.
    EXPECT_GE(value_of(scrape(client), "colloq_seats_capacity"), 1);
}

}  // namespace
}  // namespace colloq_it
