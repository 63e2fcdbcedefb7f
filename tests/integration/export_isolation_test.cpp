// Exports left unread hold only their own thread and connection: the rest of the server keeps
// answering; an account runs at most two at once; write_timeout cuts a silent client off and
// gives its export back.
#include <algorithm>
#include <chrono>
#include <cstring>
#include <fstream>
#include <iterator>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "process_threads.hpp"
#include "server_database.hpp"
#include "staff_support.hpp"
#include "test_support.hpp"

namespace colloq_it {
namespace {

using namespace std::chrono_literals;

constexpr int seeded = 30000;

// 30,000 public registrations, written behind the server's back (as an import would), with
// long organisation names so that an export is far larger than the sockets' buffers.
void seed(const server_process& server) {
    server_database db(server);
    db.exec("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " + std::to_string(seeded) +
                ") INSERT INTO registrations (id, event, partner, first_name, last_name, email, email_norm, "
                "organisation, role, status, created_at, updated_at, search_key) SELECT 1000000 + i, ?, '', "
                "'Camille', 'Nom' || i, 'masse' || i || '@example.org', 'masse' || i || '@example.org', "
                "'Communauté de communes du ' || i || '" + std::string(200, 'x') + "', 'Agent', 'confirmed', "
                "'2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z', 'nom' || i FROM n",
            {event_slug});
}

// An export asked for and never read: a small receive buffer, so the server soon has to wait.
class unread_export {
public:
    unread_export(int port, const std::string& token) {
        fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd_ < 0) throw std::runtime_error("socket");
        int small = 4096;
        setsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(static_cast<uint16_t>(port));
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) throw std::runtime_error("connect");
        std::string request = "GET /api/exports/registrations.csv HTTP/1.1\r\nHost: colloq.test\r\n"
                              "Authorization: Bearer " + token + "\r\n\r\n";
        if (send(fd_, request.data(), request.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(request.size()))
            throw std::runtime_error("send");
    }
    ~unread_export() { close_now(); }
    unread_export(const unread_export&) = delete;
    unread_export& operator=(const unread_export&) = delete;

    void close_now() {
        if (fd_ >= 0) close(fd_);
        fd_ = -1;
    }

    // Reads everything now, until the server closes the connection or `timeout` passes:
    // whether it closed, and what the first bytes were.
    bool drain_until_closed(std::chrono::milliseconds timeout, std::string* head = nullptr) {
        auto deadline = std::chrono::steady_clock::now() + timeout;
        char buf[65536];
        while (std::chrono::steady_clock::now() < deadline) {
            pollfd p{fd_, POLLIN, 0};
            if (poll(&p, 1, 100) <= 0) continue;
            ssize_t n = recv(fd_, buf, sizeof buf, 0);
            if (n <= 0) return true;
            if (head && head->size() < 200) head->append(buf, static_cast<std::size_t>(n));
        }
        return false;
    }

private:
    int fd_ = -1;
};

// A small export (an empty filter) that ends at once: 200 when the account has a slot.
long quick_export(http_client& c, const header_list& auth) {
    return c.get("/api/exports/registrations.csv?status=cancelled", auth).status;
}

// Waits until the server runs `n` export threads; false when `timeout` passes first.
bool export_threads_become(const server_process& server, int n, std::chrono::seconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        if (threads_named(server.pid(), "colloq-export") == n) return true;
        std::this_thread::sleep_for(50ms);
    }
    return threads_named(server.pid(), "colloq-export") == n;
}

TEST(export_isolation, three_unread_exports_leave_the_server_answering) {
    server_options o;
    o.server_lines = {"write_timeout = 60"};  // the unread exports stay in place for the whole test
    server_process server(o);
    seed(server);
    std::string admin = create_token(server, first_admin(server).email);
    std::string second_admin = staff_token(server, "seconde@example.org", "admin");
    http_client client(server.base_url());
    auto reg = register_new(client, std::nullopt, "pendant");
    ASSERT_EQ(reg.response.status, 201) << reg.response.body;

    std::vector<std::unique_ptr<unread_export>> unread;
    unread.push_back(std::make_unique<unread_export>(server.port(), admin));
    unread.push_back(std::make_unique<unread_export>(server.port(), admin));
    unread.push_back(std::make_unique<unread_export>(server.port(), second_admin));
    // Each runs on an export thread of its own (and fills the sockets' buffers meanwhile).
    EXPECT_TRUE(export_threads_become(server, 3, 20s)) << threads_named(server.pid(), "colloq-export");

    // A third export of the same account: refused while its two run.
    http_response third = client.get("/api/exports/registrations.csv", bearer(admin));
    expect_error(third, 429, "rate_limited");
    EXPECT_FALSE(third.header("retry-after").empty());

    // For fifteen seconds, the health check and the attendee's page answer within a second.
    double worst_health = 0, worst_manage = 0;
    int failures = 0;
    auto until = std::chrono::steady_clock::now() + 15s;
    while (std::chrono::steady_clock::now() < until) {
        auto t0 = std::chrono::steady_clock::now();
        if (client.get("/healthz").status != 200) ++failures;
        auto t1 = std::chrono::steady_clock::now();
        if (client.get("/api/manage/" + reg.token).status != 200) ++failures;
        auto t2 = std::chrono::steady_clock::now();
        worst_health = std::max(worst_health, std::chrono::duration<double>(t1 - t0).count());
        worst_manage = std::max(worst_manage, std::chrono::duration<double>(t2 - t1).count());
        std::this_thread::sleep_for(100ms);
    }
    EXPECT_EQ(failures, 0);
    EXPECT_LT(worst_health, 1.0) << "/healthz waited " << worst_health << " s behind the unread exports";
    EXPECT_LT(worst_manage, 1.0) << "the manage page waited " << worst_manage << " s behind the unread exports";
    EXPECT_EQ(threads_named(server.pid(), "colloq-export"), 3) << "an unread export ended early";

    // The client goes away: its export ends and the account has its slot again.
    unread[0]->close_now();
    ASSERT_TRUE(export_threads_become(server, 2, 10s)) << "the export of a closed connection still runs";
    EXPECT_EQ(quick_export(client, bearer(admin)), 200);
    EXPECT_EQ(quick_export(client, bearer(second_admin)), 200) << "the second account has one running, one free";
    unread.clear();
    EXPECT_TRUE(export_threads_become(server, 0, 10s));
    EXPECT_EQ(client.get("/healthz").status, 200);
}

TEST(export_isolation, write_timeout_cuts_off_a_client_that_stops_reading_and_frees_its_export) {
    server_options o;
    o.server_lines = {"write_timeout = 3"};
    server_process server(o);
    seed(server);
    std::string admin = create_token(server, first_admin(server).email);
    http_client client(server.base_url());

    auto started = std::chrono::steady_clock::now();
    unread_export first(server.port(), admin), second(server.port(), admin);
    EXPECT_TRUE(export_threads_become(server, 2, 20s));
    expect_error(client.get("/api/exports/registrations.csv", bearer(admin)), 429, "rate_limited");

    // Three seconds without progress, and the server gives up on them: threads and slots come back.
    EXPECT_TRUE(export_threads_become(server, 0, 30s)) << threads_named(server.pid(), "colloq-export")
                                                       << " export threads still run";
    double waited = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    EXPECT_GE(waited, 2.5) << "the exports ended before write_timeout";
    EXPECT_EQ(quick_export(client, bearer(admin)), 200);
    // The connections were closed by the server, their exports left incomplete.
    std::string head;
    EXPECT_TRUE(first.drain_until_closed(10s, &head));
    EXPECT_EQ(head.rfind("HTTP/1.1 200", 0), 0u) << head.substr(0, 40);
    EXPECT_TRUE(second.drain_until_closed(10s));
}

TEST(export_isolation, past_eight_exports_in_all_the_next_account_is_asked_to_come_back) {
    server_options o;
    o.server_lines = {"write_timeout = 60"};
    server_process server(o);
    seed(server);
    std::vector<std::string> tokens;
    for (int i = 0; i < 5; ++i) tokens.push_back(staff_token(server, "export" + std::to_string(i) + "@example.org", "admin"));
    std::vector<std::unique_ptr<unread_export>> unread;
    for (int i = 0; i < 4; ++i)
        for (int j = 0; j < 2; ++j) unread.push_back(std::make_unique<unread_export>(server.port(), tokens[i]));
    EXPECT_TRUE(export_threads_become(server, 8, 30s)) << threads_named(server.pid(), "colloq-export");

    http_client client(server.base_url());
    http_response refused = client.get("/api/exports/registrations.csv", bearer(tokens[4]));
    expect_error(refused, 503, "unavailable");
    EXPECT_FALSE(refused.header("retry-after").empty());
    EXPECT_EQ(threads_named(server.pid(), "colloq-export"), 8);
    auto t0 = std::chrono::steady_clock::now();
    EXPECT_EQ(client.get("/healthz").status, 200);
    EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(), 1.0);

    unread.pop_back();  // one client goes away: its place is free again
    EXPECT_TRUE(export_threads_become(server, 7, 10s));
    EXPECT_EQ(quick_export(client, bearer(tokens[4])), 200);
}

TEST(export_isolation, colloq_export_writes_the_same_rows_as_the_http_export) {
    server_process server;
    std::string admin = create_token(server, first_admin(server).email);
    http_client client(server.base_url());
    for (int i = 0; i < 5; ++i) ASSERT_EQ(register_new(client, std::nullopt, "cli").response.status, 201);
    ASSERT_EQ(register_new(client, std::string("dextera"), "cli").response.status, 201);
    std::string http_csv = client.get("/api/exports/registrations.csv", bearer(admin)).body;

    temp_dir out;
    auto file = (out.path() / "inscriptions.csv").string();
    run_result r = run_cli(server, {"export"}, {"--format", "csv", "--output", file});
    ASSERT_EQ(r.exit_status, 0) << r.err;
    std::ifstream in(file, std::ios::binary);
    std::string cli_csv((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_EQ(read_csv(cli_csv, ';'), read_csv(http_csv, ';'));
    EXPECT_EQ(read_csv(cli_csv, ';').size(), 7u);

    run_result pdf = run_cli(server, {"export"}, {"--format", "pdf", "--partner", "dextera"});
    ASSERT_EQ(pdf.exit_status, 0) << pdf.err;
    EXPECT_EQ(pdf.out.rfind("%PDF-", 0), 0u);
}

}  // namespace
}  // namespace colloq_it
