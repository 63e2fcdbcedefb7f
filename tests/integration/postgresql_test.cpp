// What holds on PostgreSQL only (the suite runs there too: tests/with-postgresql): one server
// per database for now, a second one refused at start while the first goes on answering.
#include <gtest/gtest.h>

#include "staff_support.hpp"
#include "test_support.hpp"

namespace colloq_it {
namespace {

namespace fs = std::filesystem;

TEST(postgresql, a_second_server_on_one_database_is_refused_and_the_first_goes_on) {
    if (!on_postgresql()) GTEST_SKIP() << "PostgreSQL only (COLLOQ_IT_POSTGRES)";
    server_process server;
    http_client client(server.base_url());
    temp_dir other;
    fs::create_directories(other.path() / "data");
    fs::copy_file(server.data_dir() / "badge-signing.key", other.path() / "data" / "badge-signing.key");
    fs::permissions(other.path() / "data" / "badge-signing.key", fs::perms::owner_read | fs::perms::owner_write);

    run_result second = run_colloq({"serve", "--config", server.config_path().string(), "--data",
                                    (other.path() / "data").string(), "--listen", "127.0.0.1:0"});
    EXPECT_FALSE(second.timed_out) << "the second server started";
    EXPECT_EQ(second.exit_status, 1) << second.err;
    EXPECT_NE(second.err.find("another colloq server is serving this database"), std::string::npos) << second.err;
    EXPECT_EQ(register_new(client).status, "confirmed");

    // Once the first has stopped, the database is free for another.
    server.restart();
    http_client again(server.base_url());
    EXPECT_EQ(register_new(again).status, "confirmed");
}

}  // namespace
}  // namespace colloq_it
