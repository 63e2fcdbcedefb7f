// HTTP/1.1 as RFC 9110 and 9112 say, played over a raw socket: a Date on every answer, the
// absolute-form target, Host required in HTTP/1.1, 431 for headers too large.
#include <ctime>
#include <regex>
#include <thread>

#include <gtest/gtest.h>

#include "http_client.hpp"
#include "raw_socket.hpp"
#include "server_process.hpp"
#include "test_support.hpp"

namespace colloq_it {
namespace {

using namespace std::chrono_literals;

class http_rfc : public ::testing::Test {
protected:
    server_process server;

    // One request on a fresh connection, and its answer.
    raw_response exchange(const std::string& bytes) {
        raw_socket s(server.port());
        EXPECT_TRUE(s.send_all(bytes));
        auto r = s.read_response(5s);
        EXPECT_TRUE(r) << "no answer to:\n" << bytes.substr(0, 300);
        return r.value_or(raw_response{});
    }
};

// RFC 9110, 5.6.7: IMF-fixdate, in GMT, and close to now.
void expect_current_date(const raw_response& r) {
    auto it = r.headers.find("date");
    ASSERT_NE(it, r.headers.end()) << "no Date on a " << r.status;
    const std::string& date = it->second;
    static const std::regex imf_fixdate(
        R"((Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d\d:\d\d:\d\d GMT)");
    ASSERT_TRUE(std::regex_match(date, imf_fixdate)) << date;
    std::tm tm{};
    ASSERT_NE(strptime(date.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm), nullptr) << date;
    std::time_t said = timegm(&tm);
    EXPECT_LE(std::abs(static_cast<long>(std::time(nullptr) - said)), 2) << date;
    // The day of the week matches the date.
    std::tm check{};
    gmtime_r(&said, &check);
    EXPECT_EQ(check.tm_wday, tm.tm_wday) << date;
}

TEST_F(http_rfc, every_answer_carries_a_well_formed_date) {
    struct exchange_case {
        const char* name;
        std::string request;
        int status;
    };
    const exchange_case cases[] = {
        {"200", get_request("/healthz"), 200},
        {"404", get_request("/api/inconnu"), 404},
        {"400 from the parser", "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nMauvais en-tête\r\n\r\n", 400},
        {"413",
         "POST /api/registrations HTTP/1.1\r\nHost: 127.0.0.1\r\n"
         "Content-Type: application/json\r\nContent-Length: 100000000\r\n\r\n",
         413},
        {"431", get_request("/healthz", "X-Remplissage: " + std::string(10000, 'a') + "\r\n"), 431},
        {"400 without Host", "GET /healthz HTTP/1.1\r\n\r\n", 400},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        raw_response r = exchange(c.request);
        EXPECT_EQ(r.status, c.status);
        expect_current_date(r);
    }
    {
        SCOPED_TRACE("HEAD");
        raw_socket s(server.port());
        ASSERT_TRUE(s.send_all("HEAD / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
        auto r = s.read_response(5s, true);
        ASSERT_TRUE(r);
        EXPECT_EQ(r->status, 200);
        expect_current_date(*r);
    }
}

TEST_F(http_rfc, the_date_follows_the_clock_on_a_kept_connection) {
    raw_socket s(server.port());
    ASSERT_TRUE(s.send_all(get_request("/healthz")));
    auto first = s.read_response(5s);
    ASSERT_TRUE(first);
    std::this_thread::sleep_for(2100ms);
    ASSERT_TRUE(s.send_all(get_request("/healthz")));
    auto second = s.read_response(5s);
    ASSERT_TRUE(second);
    expect_current_date(*second);
    EXPECT_NE(first->headers["date"], second->headers["date"]) << "a Date formatted once and kept";
}

TEST_F(http_rfc, an_absolute_form_target_is_routed_by_its_path) {
    std::string authority = "127.0.0.1:" + std::to_string(server.port());
    raw_response health = exchange("GET http://" + authority + "/healthz HTTP/1.1\r\nHost: " + authority + "\r\n\r\n");
    EXPECT_EQ(health.status, 200);
    EXPECT_EQ(health.body.substr(0, 2), "ok");
    // With a query, and a Host that says something else: the target's authority wins.
    raw_response event = exchange("GET http://" + authority + "/api/event?x=1 HTTP/1.1\r\nHost: ailleurs.example\r\n\r\n");
    EXPECT_EQ(event.status, 200);
    EXPECT_EQ(str(parse_json(event.body), "slug"), event_slug) << event.body;
    // No path at all is the root.
    raw_response root = exchange("GET http://" + authority + " HTTP/1.1\r\nHost: " + authority + "\r\n\r\n");
    EXPECT_EQ(root.status, 200);
    EXPECT_NE(root.headers["content-type"].find("text/html"), std::string::npos);
    // A scheme that is not HTTP is no target of this server.
    raw_response ftp = exchange("GET ftp://" + authority + "/healthz HTTP/1.1\r\nHost: " + authority + "\r\n\r\n");
    EXPECT_EQ(ftp.status, 400);
}

TEST_F(http_rfc, http_1_1_without_host_is_400_and_http_1_0_without_host_is_served) {
    raw_response without = exchange("GET /healthz HTTP/1.1\r\n\r\n");
    EXPECT_EQ(without.status, 400);
    expect_error(http_response{without.status, without.body, without.headers, {}}, 400, "bad_request");
    raw_response twice = exchange("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nHost: example.org\r\n\r\n");
    EXPECT_EQ(twice.status, 400);
    raw_response garbage = exchange("GET /healthz HTTP/1.1\r\nHost: moi@127.0.0.1\r\n\r\n");
    EXPECT_EQ(garbage.status, 400);
    // Absolute-form does not spare an HTTP/1.1 client its Host.
    std::string authority = "127.0.0.1:" + std::to_string(server.port());
    raw_response absolute = exchange("GET http://" + authority + "/healthz HTTP/1.1\r\n\r\n");
    EXPECT_EQ(absolute.status, 400);

    raw_socket s(server.port());
    ASSERT_TRUE(s.send_all("GET /healthz HTTP/1.0\r\n\r\n"));
    auto old = s.read_response(5s);
    ASSERT_TRUE(old);
    EXPECT_EQ(old->status, 200);
    // A Host of its own is fine too.
    EXPECT_EQ(exchange("GET /healthz HTTP/1.1\r\nHost: " + authority + "\r\n\r\n").status, 200);
}

TEST_F(http_rfc, headers_over_the_limit_are_431_and_a_body_over_it_stays_413) {
    raw_response headers = exchange(get_request("/healthz", "X-Remplissage: " + std::string(10000, 'a') + "\r\n"));
    EXPECT_EQ(headers.status, 431);
    expect_error(http_response{headers.status, headers.body, headers.headers, {}}, 431, "too_large");
    // Announced over the limit (64 KiB by default): refused before it is sent.
    raw_response large = exchange("POST /api/registrations HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                  "Content-Type: application/json\r\nContent-Length: 70000\r\n\r\n");
    EXPECT_EQ(large.status, 413);
    http_client client(server.base_url());
    EXPECT_EQ(client.get("/healthz").status, 200);
}

}  // namespace
}  // namespace colloq_it
