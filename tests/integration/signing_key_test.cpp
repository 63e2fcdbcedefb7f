// Every server on one database signs badges with one key: the first records its public half in
// the database; a server with another key refuses to start and says what to do; `colloq keys
// --adopt` makes another key the one, after which the old one's server is refused in turn.
#include <csignal>

#include <gtest/gtest.h>

#include "staff_support.hpp"
#include "test_support.hpp"

namespace colloq_it {
namespace {

// `colloq serve` from another data directory (so another key) on the server's database.
run_result serve_beside(const server_process& server, const std::filesystem::path& data_dir) {
    return run_colloq({"serve", "--config", server.config_path().string(), "--data", data_dir.string(), "--db",
                       server.db_url(), "--listen", "127.0.0.1:0"});
}

TEST(signing_key, a_server_with_another_key_refuses_to_start_until_that_key_is_adopted) {
    server_process server;
    temp_dir other;
    auto other_data = other.path() / "data";
    std::string first_key = run_cli(server, {"keys"}, {}).out;
    ASSERT_EQ(server.stop(SIGTERM), 0);

    run_result refused = serve_beside(server, other_data);
    EXPECT_FALSE(refused.timed_out) << "it started";
    EXPECT_EQ(refused.exit_status, 1) << refused.err;
    EXPECT_NE(refused.err.find("badge-signing.key"), std::string::npos) << refused.err;
    EXPECT_NE(refused.err.find("colloq keys --adopt"), std::string::npos) << refused.err;
    EXPECT_EQ(std::count(refused.err.begin(), refused.err.end(), '\n'), 1) << "one line: " << refused.err;

    // The server that recorded its key starts and serves as before.
    server.restart();
    http_client client(server.base_url());
    EXPECT_EQ(client.get("/api/event").status, 200);
    EXPECT_EQ(server.stop(SIGTERM), 0);

    run_result adopted = run_colloq({"keys", "--adopt", "--config", server.config_path().string(), "--data",
                                     other_data.string(), "--db", server.db_url()});
    ASSERT_EQ(adopted.exit_status, 0) << adopted.err;
    EXPECT_NE(adopted.out, first_key);
    run_result old_one = run_colloq({"serve", "--config", server.config_path().string(), "--data",
                                     server.data_dir().string(), "--listen", "127.0.0.1:0"});
    EXPECT_EQ(old_one.exit_status, 1) << old_one.err;
    EXPECT_NE(old_one.err.find(adopted.out.substr(0, adopted.out.size() - 1)), std::string::npos)
        << "the message names the recorded key: " << old_one.err;
}

}  // namespace
}  // namespace colloq_it
