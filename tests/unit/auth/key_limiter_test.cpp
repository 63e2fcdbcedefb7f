#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "colloq/auth/key_limiter.hpp"

namespace colloq::auth {
namespace {

using namespace std::chrono;
using clock = key_limiter::clock;

TEST(key_limiter, refuses_past_the_limit_until_the_window_ends) {
    key_limiter limiter(3, minutes(10), 100);
    auto t0 = clock::now();
    for (int i = 0; i < 3; ++i) EXPECT_EQ(limiter.take("10.0.0.1", t0 + seconds(i)), seconds(0));
    EXPECT_EQ(limiter.take("10.0.0.1", t0 + seconds(5)), seconds(595));
    EXPECT_EQ(limiter.retry_after("10.0.0.1", t0 + seconds(5)), seconds(595));
    EXPECT_EQ(limiter.retry_after("10.0.0.2", t0 + seconds(5)), seconds(0));
    EXPECT_EQ(limiter.take("10.0.0.1", t0 + minutes(10)), seconds(0));  // a new window
}

TEST(key_limiter, checks_and_refusals_add_no_key) {
    key_limiter limiter(1, minutes(10), 100);
    auto t0 = clock::now();
    for (int i = 0; i < 1000; ++i) limiter.retry_after(std::string("k").append(std::to_string(i)), t0);
    EXPECT_EQ(limiter.size(), 0u);
    limiter.add("k", t0);
    for (int i = 0; i < 1000; ++i) EXPECT_GT(limiter.take("k", t0), seconds(0));
    EXPECT_EQ(limiter.size(), 1u);
}

TEST(key_limiter, a_hold_ends_the_refusal_soon_after_the_last_event) {
    key_limiter limiter(5, minutes(15), 100, seconds(60));
    auto t0 = clock::now();
    for (int i = 0; i < 5; ++i) limiter.add("a@x.fr", t0 + seconds(10 * i));
    EXPECT_EQ(limiter.retry_after("a@x.fr", t0 + seconds(40)), seconds(60));
    EXPECT_EQ(limiter.retry_after("a@x.fr", t0 + seconds(100)), seconds(0));
    // One more event past the limit refuses for the hold again, not for the whole window.
    limiter.add("a@x.fr", t0 + seconds(100));
    EXPECT_EQ(limiter.retry_after("a@x.fr", t0 + seconds(100)), seconds(60));
    EXPECT_EQ(limiter.retry_after("a@x.fr", t0 + seconds(161)), seconds(0));
}

TEST(key_limiter, a_reservation_given_back_frees_its_place) {
    key_limiter limiter(2, hours(1), 100);
    auto t0 = clock::now();
    EXPECT_EQ(limiter.take("a", t0), seconds(0));
    EXPECT_EQ(limiter.take("a", t0), seconds(0));
    EXPECT_GT(limiter.take("a", t0), seconds(0));
    limiter.give_back("a", t0);
    EXPECT_EQ(limiter.take("a", t0), seconds(0));
    limiter.give_back("a", t0);
    limiter.give_back("a", t0);
    EXPECT_EQ(limiter.size(), 0u);  // nothing left to count
    // A reservation from a window that has ended gives nothing back from the new one.
    EXPECT_EQ(limiter.take("b", t0), seconds(0));
    EXPECT_EQ(limiter.take("b", t0 + hours(2)), seconds(0));
    EXPECT_EQ(limiter.take("b", t0 + hours(2)), seconds(0));
    limiter.give_back("b", t0);
    EXPECT_GT(limiter.take("b", t0 + hours(2)), seconds(0));
}

TEST(key_limiter, a_million_distinct_keys_stay_within_the_bound) {
    key_limiter limiter(5, minutes(15), 1000);
    auto t0 = clock::now();
    limiter.add("kept-busy", t0);
    for (int i = 0; i < 1'000'000; ++i) {
        limiter.add(std::string("10.").append(std::to_string(i)), t0 + milliseconds(i));
        ASSERT_LE(limiter.size(), 1000u) << "after " << i << " keys";
    }
    EXPECT_EQ(limiter.size(), 1000u);
    // The keys are the latest ones: the earliest were evicted to make room.
    EXPECT_EQ(limiter.retry_after("kept-busy", t0 + seconds(1)), seconds(0));
}

TEST(key_limiter, expired_keys_are_forgotten_before_any_live_one) {
    key_limiter limiter(1, minutes(1), 3);
    auto t0 = clock::now();
    limiter.add("old", t0);
    limiter.add("live1", t0 + seconds(50));
    limiter.add("live2", t0 + seconds(55));
    limiter.add("new", t0 + seconds(61));  // "old" has expired: it goes, the live ones stay
    EXPECT_EQ(limiter.size(), 3u);
    EXPECT_GT(limiter.retry_after("live1", t0 + seconds(61)), seconds(0));
    EXPECT_GT(limiter.retry_after("live2", t0 + seconds(61)), seconds(0));
    EXPECT_GT(limiter.retry_after("new", t0 + seconds(61)), seconds(0));
}

TEST(key_limiter, a_huge_key_costs_no_more_than_a_short_one) {
    key_limiter limiter(1, minutes(1), 10);
    auto t0 = clock::now();
    std::string huge(60'000, 'x');
    limiter.add(huge, t0);
    EXPECT_GT(limiter.retry_after(huge, t0), seconds(0));
    EXPECT_EQ(limiter.retry_after(huge + "y", t0), seconds(0));
}

TEST(key_limiter, concurrent_takes_never_pass_the_limit) {
    key_limiter limiter(100, hours(1), 1000);
    std::atomic<int> taken{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t)
        threads.emplace_back([&] {
            for (int i = 0; i < 1000; ++i)
                if (limiter.take("shared").count() == 0) ++taken;
        });
    for (auto& t : threads) t.join();
    EXPECT_EQ(taken.load(), 100);
}

}  // namespace
}  // namespace colloq::auth
