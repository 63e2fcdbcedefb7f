#include <gtest/gtest.h>

#include "colloq/auth/credential_check.hpp"

namespace colloq::auth {
namespace {

using namespace std::chrono_literals;

store::credential token_expiring(const std::string& expires_at) {
    store::credential c;
    c.id = 7;
    c.expires_at = expires_at;
    c.staff.role = "admin";
    return c;
}

domain::clock_time at(const char* text) { return domain::parse_rfc3339(text)->utc; }

TEST(still_valid, until_its_expiry_and_not_after) {
    auto c = token_expiring("2030-01-01T00:00:00.000Z");
    EXPECT_TRUE(still_valid(c, "2029-12-31T23:59:59.999Z"));
    EXPECT_FALSE(still_valid(c, "2030-01-01T00:00:00.000Z"));
    EXPECT_FALSE(still_valid(c, "2031-06-01T00:00:00.000Z"));
}

TEST(still_valid, never_when_revoked_disabled_or_without_expiry) {
    auto revoked = token_expiring("2030-01-01T00:00:00.000Z");
    revoked.revoked = true;
    EXPECT_FALSE(still_valid(revoked, "2025-01-01T00:00:00.000Z"));
    auto disabled = token_expiring("2030-01-01T00:00:00.000Z");
    disabled.staff.disabled = true;
    EXPECT_FALSE(still_valid(disabled, "2025-01-01T00:00:00.000Z"));
    EXPECT_FALSE(still_valid(token_expiring(""), "2025-01-01T00:00:00.000Z"));
}

TEST(token_use_throttle, writes_a_token_s_use_at_most_once_per_interval) {
    token_use_throttle throttle(60s);
    auto t0 = at("2030-01-01T10:00:00Z");
    EXPECT_TRUE(throttle.should_record(1, "", t0));
    for (int i = 1; i < 60; ++i) EXPECT_FALSE(throttle.should_record(1, "", t0 + std::chrono::seconds(i)));
    EXPECT_TRUE(throttle.should_record(2, "", t0 + 1s)) << "another token waits for nobody";
    EXPECT_TRUE(throttle.should_record(1, "", t0 + 60s));
    EXPECT_FALSE(throttle.should_record(1, "", t0 + 61s));
}

TEST(token_use_throttle, a_recent_use_read_from_the_database_counts_too) {
    token_use_throttle throttle(60s);
    auto now = at("2030-01-01T10:00:30Z");
    EXPECT_FALSE(throttle.should_record(1, "2030-01-01T10:00:00.000Z", now)) << "another instance wrote it 30 s ago";
    EXPECT_TRUE(throttle.should_record(1, "2030-01-01T09:59:00.000Z", now));
    EXPECT_TRUE(throttle.should_record(2, "not a time", now));
}

TEST(token_use_throttle, its_table_stays_bounded) {
    token_use_throttle throttle(60s, 100);
    auto t0 = at("2030-01-01T10:00:00Z");
    for (long long id = 0; id < 100000; ++id) EXPECT_TRUE(throttle.should_record(id, "", t0));
    // After the table was emptied to stay within its bound, a token may be written once more
    // within the minute, never on every request.
    int writes = 0;
    for (int i = 0; i < 1000; ++i) writes += throttle.should_record(5, "", t0 + 1s);
    EXPECT_LE(writes, 1);
}

}  // namespace
}  // namespace colloq::auth
