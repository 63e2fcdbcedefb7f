#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>
#include <thread>

#include "colloq/api/body_stream.hpp"

namespace colloq::api {
namespace {

TEST(body_stream, hands_chunks_in_order_then_the_end) {
    body_stream s(2);
    std::thread producer([&] {
        for (int i = 0; i < 10; ++i) ASSERT_TRUE(s.push(std::to_string(i)));
        s.finish();
    });
    std::string got;
    for (;;) {
        std::optional<std::string> piece;
        bool done = false;
        std::mutex m;
        std::condition_variable cv;
        s.pull([&](std::optional<std::string> p) {
            std::lock_guard lock(m);
            piece = std::move(p);
            done = true;
            cv.notify_one();
        });
        std::unique_lock lock(m);
        cv.wait(lock, [&] { return done; });
        if (!piece) break;
        got += *piece;
    }
    producer.join();
    EXPECT_EQ(got, "0123456789");
    EXPECT_FALSE(s.failed());
}

TEST(body_stream, a_cancelled_stream_stops_the_producer) {
    body_stream s(1);
    ASSERT_TRUE(s.push("a"));
    std::thread producer([&] { EXPECT_FALSE(s.push("b")); });  // waits: the queue is full
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    s.cancel();
    producer.join();
}

TEST(body_stream, a_broken_body_is_reported) {
    body_stream s;
    s.finish(false);
    EXPECT_TRUE(s.failed());
}

}  // namespace
}  // namespace colloq::api
