#include <gtest/gtest.h>

#include "colloq/mail/worker.hpp"

namespace colloq::mail {
namespace {

using namespace std::chrono;

TEST(mail_backoff, the_worker_pauses_1_2_4_seconds_up_to_the_cap) {
    EXPECT_EQ(backoff(0, seconds(60)), seconds(0));
    EXPECT_EQ(backoff(1, seconds(60)), seconds(1));
    EXPECT_EQ(backoff(3, seconds(60)), seconds(4));
    EXPECT_EQ(backoff(40, seconds(60)), seconds(60));
}

// A recipient refused for now waits 1 min, 2, 4… up to an hour with the default retry_cap.
TEST(mail_backoff, a_deferred_email_waits_longer_each_time_up_to_sixty_caps) {
    EXPECT_EQ(deferral_backoff(0, seconds(60)), seconds(0));
    EXPECT_EQ(deferral_backoff(1, seconds(60)), minutes(1));
    EXPECT_EQ(deferral_backoff(2, seconds(60)), minutes(2));
    EXPECT_EQ(deferral_backoff(3, seconds(60)), minutes(4));
    EXPECT_EQ(deferral_backoff(7, seconds(60)), minutes(60));
    EXPECT_EQ(deferral_backoff(1000, seconds(60)), minutes(60));
    EXPECT_EQ(deferral_backoff(1, seconds(1)), seconds(1));
    EXPECT_EQ(deferral_backoff(1000, seconds(1)), seconds(60));
}

TEST(mail_backoff, an_email_queued_five_days_ago_is_given_up) {
    auto now = domain::now();
    EXPECT_FALSE(past_give_up(domain::format_utc(now - hours(24 * 5) + minutes(1)), now));
    EXPECT_TRUE(past_give_up(domain::format_utc(now - hours(24 * 5)), now));
    EXPECT_TRUE(past_give_up("2000-01-01T00:00:00.000Z", now));
    EXPECT_FALSE(past_give_up("not a date", now));
}

}  // namespace
}  // namespace colloq::mail
