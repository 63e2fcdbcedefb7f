// The HTTP edge on an open network: who the client is behind a proxy, request framing that
// could smuggle a second request, and floods of silent connections.
#include <fstream>
#include <memory>
#include <sstream>
#include <thread>
#include <vector>

#include <sys/resource.h>

#include <gtest/gtest.h>

#include "http_client.hpp"
#include "raw_socket.hpp"
#include "server_process.hpp"
#include "test_support.hpp"

namespace colloq_it {
namespace {

using namespace std::chrono_literals;
using clock_type = std::chrono::steady_clock;
namespace json = boost::json;

http_response failed_login(http_client& client, int n, const std::string& forwarded_for) {
    json::object body{{"email", "inconnu" + std::to_string(n) + "@example.org"}, {"password", "mot-de-passe-au-hasard"}};
    return client.post_json("/api/login", body, {{"X-Forwarded-For", forwarded_for}});
}

// 20 failed logins (the per-address limit) from behind 203.0.113.5, as the proxy says.
void fail_twenty_times(http_client& client) {
    for (int i = 0; i < 20; ++i) {
        http_response r = failed_login(client, i, "203.0.113.5");
        ASSERT_EQ(r.status, 401) << "attempt " << i << ": " << r.body;
    }
}

TEST(client_address, behind_a_trusted_proxy_each_forwarded_client_is_counted_apart) {
    server_options o;
    o.server_lines = {"trusted_proxies = [\"127.0.0.1\"]"};
    server_process server(o);
    http_client client(server.base_url());
    fail_twenty_times(client);
    expect_error(failed_login(client, 100, "203.0.113.5"), 429, "too_many_attempts");
    // Through a second trusted hop the client is still 203.0.113.5.
    expect_error(failed_login(client, 101, "203.0.113.5, 127.0.0.1"), 429, "too_many_attempts");
    // Another client behind the same proxy is not locked out.
    expect_error(failed_login(client, 102, "203.0.113.6"), 401, "bad_credentials");
    // A client cannot pass for another by writing its own X-Forwarded-For: the proxy appends
    // the real one, and that is the one read.
    expect_error(failed_login(client, 103, "203.0.113.6, 203.0.113.5"), 429, "too_many_attempts");
}

TEST(client_address, forwarded_for_from_an_untrusted_peer_is_ignored) {
    server_process server;  // no trusted_proxies
    http_client client(server.base_url());
    fail_twenty_times(client);
    // All of them came from 127.0.0.1, whatever they claimed.
    expect_error(failed_login(client, 100, "203.0.113.6"), 429, "too_many_attempts");
}

class http_framing : public ::testing::Test {
protected:
    server_process server;
};

const std::string hidden_request = "GET /api/event HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";

TEST_F(http_framing, a_transfer_encoding_other_than_chunked_is_501_and_what_follows_is_never_read) {
    for (std::string coding : {"gzip", "gzip, chunked", "chunked, gzip", "identity", "chunked;ext=1"}) {
        SCOPED_TRACE(coding);
        raw_socket s(server.port());
        ASSERT_TRUE(s.send_all("POST /api/registrations HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                               "Content-Type: application/json\r\nTransfer-Encoding: " +
                               coding + "\r\n\r\n" + hidden_request));
        auto r = s.read_response(5s);
        ASSERT_TRUE(r) << "no answer";
        EXPECT_EQ(r->status, 501) << r->body;
        json::value v = parse_json(r->body);
        EXPECT_EQ(str(v, "error"), "not_implemented") << r->body;
        EXPECT_TRUE(looks_french(str(v, "message"))) << r->body;
        auto rest = s.read_until_closed(5s);
        EXPECT_TRUE(rest.closed) << "the connection stayed open";
        EXPECT_EQ(rest.data, "") << "the request hidden in the body was answered";
    }
}

TEST_F(http_framing, transfer_encoding_beside_content_length_is_400_and_closes) {
    const std::string heads[] = {
        "Transfer-Encoding: gzip\r\nContent-Length: " + std::to_string(hidden_request.size()) + "\r\n",
        "Content-Length: " + std::to_string(hidden_request.size()) + "\r\nTransfer-Encoding: chunked\r\n",
        "Transfer-Encoding: chunked\r\nContent-Length: " + std::to_string(hidden_request.size()) + "\r\n",
    };
    for (const auto& head : heads) {
        SCOPED_TRACE(head);
        raw_socket s(server.port());
        ASSERT_TRUE(s.send_all("POST /api/registrations HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                               "Content-Type: application/json\r\n" +
                               head + "\r\n" + hidden_request));
        auto r = s.read_response(5s);
        ASSERT_TRUE(r) << "no answer";
        EXPECT_EQ(r->status, 400) << r->body;
        auto rest = s.read_until_closed(5s);
        EXPECT_TRUE(rest.closed) << "the connection stayed open";
        EXPECT_EQ(rest.data, "") << "a second answer";
    }
}

TEST_F(http_framing, a_chunked_body_is_still_read_and_the_connection_kept) {
    std::string body = json_text(person(unique_email("chunked")));
    std::string half = body.substr(0, body.size() / 2), rest = body.substr(body.size() / 2);
    auto hex = [](std::size_t n) {
        std::ostringstream o;
        o << std::hex << n;
        return o.str();
    };
    raw_socket s(server.port());
    ASSERT_TRUE(s.send_all("POST /api/registrations HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                           "Content-Type: application/json\r\nTransfer-Encoding: Chunked\r\n\r\n" +
                           hex(half.size()) + "\r\n" + half + "\r\n" + hex(rest.size()) + "\r\n" + rest + "\r\n0\r\n\r\n"));
    auto r = s.read_response(5s);
    ASSERT_TRUE(r) << "no answer";
    EXPECT_EQ(r->status, 201) << r->body;
    ASSERT_TRUE(s.send_all(get_request("/healthz")));
    auto again = s.read_response(5s);
    ASSERT_TRUE(again) << "the connection was not kept";
    EXPECT_EQ(again->status, 200);
}

TEST_F(http_framing, expect_100_continue_gets_its_interim_answer_before_the_body_is_sent) {
    std::string body = json_text(person(unique_email("continue")));
    raw_socket s(server.port());
    ASSERT_TRUE(s.send_all("POST /api/registrations HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                           "Expect: 100-continue\r\nContent-Length: " +
                           std::to_string(body.size()) + "\r\n\r\n"));
    auto go_on = s.read_response(5s);
    ASSERT_TRUE(go_on) << "no 100 Continue";
    EXPECT_EQ(go_on->status, 100);
    ASSERT_TRUE(s.send_all(body));
    auto r = s.read_response(5s);
    ASSERT_TRUE(r) << "no final answer";
    EXPECT_EQ(r->status, 201) << r->body;
}

// The server's resident memory, from /proc.
std::string resident_memory(pid_t pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("VmRSS:", 0) == 0) return line.substr(6).substr(line.find_first_not_of(" \t", 6) - 6);
    return "?";
}

// Whether the server closed this connection (end of stream) within `wait`.
bool closed_by_server(raw_socket& s, std::chrono::milliseconds wait) { return s.read_until_closed(wait).closed; }

TEST(connections, past_max_connections_the_oldest_idle_ones_make_room_for_a_new_client) {
    server_options o;
    o.server_lines = {"max_connections = 50"};
    server_process server(o);

    std::vector<std::unique_ptr<raw_socket>> silent;
    for (int i = 0; i < 10; ++i) silent.push_back(std::make_unique<raw_socket>(server.port()));
    std::this_thread::sleep_for(300ms);  // so that these ten are the oldest by far
    for (int i = 10; i < 60; ++i) silent.push_back(std::make_unique<raw_socket>(server.port()));
    std::this_thread::sleep_for(300ms);

    http_client client(server.base_url());
    auto before = clock_type::now();
    http_response r = client.get("/healthz");
    EXPECT_EQ(r.status, 200) << r.transport_error;
    EXPECT_LT(clock_type::now() - before, 1s);

    for (int i = 0; i < 10; ++i) EXPECT_TRUE(closed_by_server(*silent[i], 3s)) << "connection " << i << " is still open";
    for (int i = 30; i < 60; ++i)
        EXPECT_FALSE(closed_by_server(*silent[i], 50ms)) << "connection " << i << " was closed before older ones";
    // The newcomer is served again on its kept connection, and another after it.
    EXPECT_EQ(client.get("/api/event").status, 200);
    http_client another(server.base_url());
    EXPECT_EQ(another.get("/healthz").status, 200);
}

TEST(connections, with_none_idle_the_oldest_half_requests_make_room) {
    server_options o;
    o.server_lines = {"max_connections = 20"};
    server_process server(o);
    std::vector<std::unique_ptr<raw_socket>> slow;
    for (int i = 0; i < 25; ++i) {
        slow.push_back(std::make_unique<raw_socket>(server.port()));
        ASSERT_TRUE(slow.back()->send_all("GET /api/event HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: appl"));
        // Time for the server to read it: a connection not read yet still counts as idle, and an
        // idle one is closed first (then spared, as it has begun a request by then).
        std::this_thread::sleep_for(i == 4 ? 300ms : 20ms);
    }
    std::this_thread::sleep_for(300ms);
    http_client client(server.base_url());
    auto before = clock_type::now();
    EXPECT_EQ(client.get("/healthz").status, 200);
    EXPECT_LT(clock_type::now() - before, 1s);
    for (int i = 0; i < 5; ++i) EXPECT_TRUE(closed_by_server(*slow[i], 3s)) << "connection " << i << " is still open";
    for (int i = 15; i < 25; ++i)
        EXPECT_FALSE(closed_by_server(*slow[i], 50ms)) << "connection " << i << " was closed before older ones";
}

TEST(connections, silent_connections_past_the_open_file_limit_do_not_stop_new_clients) {
    const int flood = 1100;
    rlimit own{};
    ASSERT_EQ(getrlimit(RLIMIT_NOFILE, &own), 0);
    if (own.rlim_max != RLIM_INFINITY && own.rlim_max < static_cast<rlim_t>(flood + 200))
        GTEST_SKIP() << "this test needs " << flood + 200 << " open files; the hard limit is " << own.rlim_max;
    if (own.rlim_cur != RLIM_INFINITY && own.rlim_cur < static_cast<rlim_t>(flood + 200)) {
        own.rlim_cur = std::min<rlim_t>(own.rlim_max, flood + 1000);
        ASSERT_EQ(setrlimit(RLIMIT_NOFILE, &own), 0);
    }

    server_options o;
    o.open_file_limit = 1024;  // soft and hard: the server cannot raise it
    server_process server(o);
    std::cout << "[ memory   ] server before the flood: " << resident_memory(server.pid()) << "\n";

    std::vector<std::unique_ptr<raw_socket>> silent;
    for (int i = 0; i < flood; ++i) silent.push_back(std::make_unique<raw_socket>(server.port()));
    std::this_thread::sleep_for(500ms);

    http_client client(server.base_url());
    auto before = clock_type::now();
    http_response health = client.get("/healthz");
    EXPECT_EQ(health.status, 200) << health.transport_error;
    EXPECT_LT(clock_type::now() - before, 1s) << "/healthz waited behind silent connections";

    http_client other(server.base_url());
    before = clock_type::now();
    registered r = register_new(other);
    EXPECT_EQ(r.response.status, 201) << r.response.transport_error << r.response.body;
    EXPECT_LT(clock_type::now() - before, 1s) << "a registration waited behind silent connections";
    std::cout << "[ memory   ] server after " << flood << " silent connections: " << resident_memory(server.pid())
              << "\n";
}

}  // namespace
}  // namespace colloq_it
