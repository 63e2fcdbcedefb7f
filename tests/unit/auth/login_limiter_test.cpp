#include <gtest/gtest.h>

#include "colloq/auth/login_limiter.hpp"

namespace colloq::auth {
namespace {

using namespace std::chrono;
using clock = login_limiter::clock;

TEST(login_limiter, refuses_after_five_failures_from_one_address_then_forgives) {
    login_limiter limiter;
    auto t0 = clock::now();
    for (int i = 0; i < 5; ++i) {
        EXPECT_EQ(limiter.retry_after("a@x.fr", "10.0.0.1", t0), seconds(0));
        limiter.failed("a@x.fr", "10.0.0.1", t0);
    }
    EXPECT_GT(limiter.retry_after("a@x.fr", "10.0.0.1", t0), seconds(0));
    // The same person from another address is not locked out.
    EXPECT_EQ(limiter.retry_after("a@x.fr", "10.0.0.2", t0), seconds(0));
    EXPECT_EQ(limiter.retry_after("a@x.fr", "10.0.0.1", t0 + minutes(16)), seconds(0));
}

TEST(login_limiter, an_address_trying_many_accounts_is_refused) {
    login_limiter limiter;
    auto t0 = clock::now();
    for (int i = 0; i < 20; ++i) limiter.failed(std::string("user").append(std::to_string(i)).append("@x.fr"), "10.0.0.9", t0);
    EXPECT_GT(limiter.retry_after("someone@x.fr", "10.0.0.9", t0), seconds(0));
    EXPECT_EQ(limiter.retry_after("someone@x.fr", "10.0.0.8", t0), seconds(0));
}

TEST(login_limiter, an_account_attacked_from_everywhere_is_refused_one_minute_at_most) {
    login_limiter limiter;
    auto t0 = clock::now();
    for (int i = 0; i < 50; ++i) limiter.failed("boss@x.fr", std::string("10.1.0.").append(std::to_string(i)), t0);
    auto wait = limiter.retry_after("boss@x.fr", "192.168.1.1", t0);
    EXPECT_GT(wait, seconds(0));
    EXPECT_LE(wait, seconds(60));
}

TEST(login_limiter, the_account_wide_refusal_ends_a_minute_after_the_failures_stop) {
    login_limiter limiter;
    auto t0 = clock::now();
    // 50 failures spread over 10 addresses and 5 minutes.
    for (int i = 0; i < 50; ++i) limiter.failed("boss@x.fr", std::string("10.1.0.").append(std::to_string(i % 10)), t0 + seconds(6 * i));
    auto last = t0 + seconds(6 * 49);
    EXPECT_GT(limiter.retry_after("boss@x.fr", "192.168.1.1", last), seconds(0));
    EXPECT_EQ(limiter.retry_after("boss@x.fr", "192.168.1.1", last + seconds(60)), seconds(0));
    // The addresses that failed five times stay refused for themselves.
    EXPECT_GT(limiter.retry_after("boss@x.fr", "10.1.0.3", last + seconds(60)), seconds(0));
}

TEST(login_limiter, checks_that_refuse_store_nothing) {
    login_limiter limiter;
    auto t0 = clock::now();
    for (int i = 0; i < 20; ++i) limiter.failed(std::string("user").append(std::to_string(i)).append("@x.fr"), "10.0.0.9", t0);
    auto before = limiter.size();
    for (int i = 0; i < 10000; ++i)
        EXPECT_GT(limiter.retry_after(std::string(300, 'a') + std::to_string(i) + "@x.fr", "10.0.0.9", t0), seconds(0));
    EXPECT_EQ(limiter.size(), before);
}

TEST(login_limiter, its_tables_stay_bounded_under_a_flood_of_failures) {
    login_limiter limiter;
    auto t0 = clock::now();
    for (int i = 0; i < 100000; ++i)
        limiter.failed(std::string("u").append(std::to_string(i)).append("@x.fr"), std::string("10.").append(std::to_string(i)), t0 + milliseconds(i));
    EXPECT_LE(limiter.size(), 3 * login_limiter::max_keys);
}

TEST(login_limiter, success_clears_the_pair) {
    login_limiter limiter;
    auto t0 = clock::now();
    for (int i = 0; i < 4; ++i) limiter.failed("a@x.fr", "10.0.0.1", t0);
    ASSERT_EQ(limiter.take("a@x.fr", "10.0.0.1", t0), seconds(0));
    limiter.succeeded("a@x.fr", "10.0.0.1", t0);
    limiter.failed("a@x.fr", "10.0.0.1", t0);
    EXPECT_EQ(limiter.retry_after("a@x.fr", "10.0.0.1", t0), seconds(0));
}

TEST(login_limiter, attempts_are_reserved_before_they_are_checked) {
    login_limiter limiter;
    auto t0 = clock::now();
    // Five attempts in flight at once: the sixth is refused before any of them has an answer.
    for (int i = 0; i < 5; ++i) EXPECT_EQ(limiter.take("a@x.fr", "10.0.0.1", t0), seconds(0));
    EXPECT_GT(limiter.take("a@x.fr", "10.0.0.1", t0), seconds(0));
    // One not checked after all (the server was busy) is given back.
    limiter.give_back("a@x.fr", "10.0.0.1", t0);
    EXPECT_EQ(limiter.take("a@x.fr", "10.0.0.1", t0), seconds(0));
}

TEST(login_limiter, a_refused_attempt_reserves_nothing_anywhere) {
    login_limiter limiter;
    auto t0 = clock::now();
    for (int i = 0; i < 5; ++i) ASSERT_EQ(limiter.take("a@x.fr", "10.0.0.1", t0), seconds(0));
    for (int i = 0; i < 100; ++i) ASSERT_GT(limiter.take("a@x.fr", "10.0.0.1", t0), seconds(0));
    // The address has used 5 of its 20 attempts, whatever was refused.
    for (int i = 0; i < 15; ++i)
        EXPECT_EQ(limiter.take("other" + std::to_string(i) + "@x.fr", "10.0.0.1", t0), seconds(0));
    EXPECT_GT(limiter.take("last@x.fr", "10.0.0.1", t0), seconds(0));
}

TEST(login_limiter, a_right_password_gives_its_attempt_back_to_the_address_and_the_account) {
    login_limiter limiter;
    auto t0 = clock::now();
    // An office behind one address, people signing in all day: successes use up nothing.
    for (int i = 0; i < 100; ++i) {
        ASSERT_EQ(limiter.take("a@x.fr", "10.0.0.1", t0), seconds(0)) << i;
        limiter.succeeded("a@x.fr", "10.0.0.1", t0);
    }
    EXPECT_EQ(limiter.size(), 0u);
}

}  // namespace
}  // namespace colloq::auth
