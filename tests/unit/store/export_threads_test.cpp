#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <random>
#include <set>
#include <thread>

#include <soci/soci.h>

#include "colloq/store/database.hpp"
#include "colloq/store/export_threads.hpp"

namespace colloq::store {
namespace {

using namespace std::chrono_literals;

struct scratch_db {
    std::filesystem::path dir;
    location where;
    scratch_db() {
        std::random_device random;
        dir = std::filesystem::temp_directory_path() / ("colloq-exports-" + std::to_string(random()));
        std::filesystem::create_directories(dir);
        where = parse_db_url("", dir.string());
        // As the server does before any export: the database exists and is in WAL mode (three
        // connections switching a new file to WAL at once may be refused "database is locked").
        open_session(where);
    }
    ~scratch_db() {
        std::error_code ignored;
        std::filesystem::remove_all(dir, ignored);
    }
};

// Jobs that wait until released, so that they hold their thread meanwhile.
struct gate {
    std::mutex m;
    std::condition_variable cv;
    bool open = false;
    int waiting = 0;
    void pass() {
        std::unique_lock lock(m);
        ++waiting;
        cv.notify_all();
        cv.wait(lock, [&] { return open; });
    }
    void wait_for_waiting(int n) {
        std::unique_lock lock(m);
        cv.wait(lock, [&] { return waiting >= n; });
    }
    void release() {
        std::lock_guard lock(m);
        open = true;
        cv.notify_all();
    }
};

TEST(export_threads, each_export_gets_a_connection_of_its_own_and_their_number_is_bounded) {
    scratch_db db;
    export_threads threads(db.where, 3);
    gate g;
    std::atomic<int> connected{0};
    std::mutex seen_mutex;
    std::set<soci::session*> seen;
    for (int i = 0; i < 3; ++i)
        ASSERT_TRUE(threads.start([&](soci::session* sql) {
            if (sql) ++connected;
            {
                std::lock_guard lock(seen_mutex);
                seen.insert(sql);
            }
            g.pass();
        }));
    g.wait_for_waiting(3);
    EXPECT_FALSE(threads.start([](soci::session*) { ADD_FAILURE() << "a fourth export ran"; }));
    EXPECT_EQ(threads.running(), 3);
    EXPECT_EQ(connected.load(), 3);
    EXPECT_EQ(seen.size(), 3u) << "two exports shared a connection";
    g.release();
    threads.stop();  // waits for them
    EXPECT_EQ(threads.running(), 0);
}

TEST(export_threads, a_slot_comes_back_when_an_export_ends) {
    scratch_db db;
    export_threads threads(db.where, 1);
    std::atomic<bool> ran{false};
    ASSERT_TRUE(threads.start([&](soci::session*) { ran = true; }));
    auto deadline = std::chrono::steady_clock::now() + 10s;
    while (threads.running() > 0 && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(1ms);
    EXPECT_TRUE(ran);
    EXPECT_TRUE(threads.start([](soci::session*) {}));
    threads.stop();
    EXPECT_FALSE(threads.start([](soci::session*) {})) << "an export started after stop";
}

}  // namespace
}  // namespace colloq::store
