// The access log on stderr is read by more people than the database: the codes that open a
// person's pages never reach it, the attestation codes printed on certificates included.
#include <chrono>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "server_process.hpp"
#include "test_support.hpp"

namespace colloq_it {
namespace {

using namespace std::chrono_literals;

// The server's log once it holds `needle` (the log is written every 200 ms), or after 5 s.
std::string log_once_it_has(const server_process& server, const std::string& needle) {
    std::string log;
    for (int i = 0; i < 50; ++i) {
        log = server.log();
        if (log.find(needle) != std::string::npos) break;
        std::this_thread::sleep_for(100ms);
    }
    return log;
}

TEST(access_log_secrets, attestation_codes_are_masked_like_private_links) {
    server_process server;
    http_client client(server.base_url());
    auto r = register_new(client);
    const std::string code = r.id + "-K7QM-ZX4B-T2WD-9HNA";
    EXPECT_EQ(client.get("/attestation/" + code).status, 404);
    EXPECT_EQ(client.get("/m/" + r.token).status, 200);
    std::string log = log_once_it_has(server, "GET /attestation/");
    EXPECT_NE(log.find("GET /attestation/… 404"), std::string::npos) << log;
    EXPECT_EQ(log.find("K7QM"), std::string::npos) << log;
    EXPECT_EQ(log.find(r.token), std::string::npos) << log;
}

}  // namespace
}  // namespace colloq_it
