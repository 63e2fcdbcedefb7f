#include <gtest/gtest.h>

#include <cstdlib>
#include <ctime>
#include <optional>
#include <string>

#include <unistd.h>

#include "colloq/domain/time.hpp"

namespace colloq::domain {
namespace {

TEST(time, parses_offsets_and_keeps_them_for_display) {
    auto t = parse_rfc3339("2024-10-10T09:00:00+02:00");
    ASSERT_TRUE(t);
    EXPECT_EQ(t->offset_minutes, 120);
    EXPECT_EQ(format_utc(t->utc), "2024-10-10T07:00:00.000Z");
    EXPECT_EQ(format_local(*t), "2024-10-10T09:00:00+02:00");
}

TEST(time, parses_fractions_and_z) {
    auto t = parse_rfc3339("2024-10-10T07:00:00.25Z");
    ASSERT_TRUE(t);
    EXPECT_EQ(format_utc(t->utc), "2024-10-10T07:00:00.250Z");
}

TEST(time, rejects_malformed_instants) {
    for (const char* bad : {"", "2024-10-10", "2024-10-10T09:00:00", "2024-13-10T09:00:00Z", "2024-02-30T09:00:00Z",
                            "2024-10-10T25:00:00Z", "2024-10-10T09:00:00+2:00", "2024-10-10T09:00:00Zjunk",
                            "2024-10-10T09:00:00.Z"})
        EXPECT_FALSE(parse_rfc3339(bad)) << bad;
}

TEST(time, writes_dates_the_french_way) {
    auto start = *parse_rfc3339("2024-10-10T09:00:00+02:00");
    auto end = *parse_rfc3339("2024-10-10T13:00:00+02:00");
    EXPECT_EQ(french_date_range(start, end), "jeudi 10 octobre 2024, 9\u00A0h\u00A000\u00A0– 13\u00A0h\u00A000");
    EXPECT_EQ(french_date_time(*parse_rfc3339("2024-09-01T08:30:00+02:00")), "dimanche 1er septembre 2024 à\u00A08\u00A0h\u00A030");
}

TEST(time, utc_text_sorts_in_time_order) {
    auto a = format_utc(parse_rfc3339("2024-10-10T09:59:59.999+02:00")->utc);
    auto b = format_utc(parse_rfc3339("2024-10-10T08:00:00Z")->utc);
    EXPECT_LT(a, b);
}

TEST(time, paris_time_follows_the_summer_time_changes) {
    auto paris = [](const char* utc) { return format_local(in_paris(parse_rfc3339(utc)->utc)); };
    // 2024: summer time from 31 March to 27 October, changing at 01:00 UTC.
    EXPECT_EQ(paris("2024-03-31T00:59:59Z"), "2024-03-31T01:59:59+01:00");
    EXPECT_EQ(paris("2024-03-31T01:00:00Z"), "2024-03-31T03:00:00+02:00");
    EXPECT_EQ(paris("2024-10-10T07:00:00Z"), "2024-10-10T09:00:00+02:00");
    EXPECT_EQ(paris("2024-10-27T00:59:59Z"), "2024-10-27T02:59:59+02:00");
    EXPECT_EQ(paris("2024-10-27T01:00:00Z"), "2024-10-27T02:00:00+01:00");
    EXPECT_EQ(paris("2024-12-31T23:30:00Z"), "2025-01-01T00:30:00+01:00");
}

// Both sides of every hour from 2020 to 2030 against the system's time zone database.
TEST(time, paris_time_agrees_with_the_zoneinfo_database) {
    if (access("/usr/share/zoneinfo/Europe/Paris", R_OK) != 0) GTEST_SKIP() << "no time zone database here";
    const char* before = std::getenv("TZ");
    std::optional<std::string> saved = before ? std::optional<std::string>(before) : std::nullopt;
    setenv("TZ", "Europe/Paris", 1);
    tzset();
    const std::time_t from = 1577836800;  // 2020-01-01T00:00:00Z
    const std::time_t to = 1924992000;    // 2031-01-01T00:00:00Z
    for (std::time_t hour = from; hour < to; hour += 3600) {
        for (std::time_t t : {hour - 1, hour}) {
            std::tm local{};
            localtime_r(&t, &local);
            auto ours = in_paris(clock_time(std::chrono::seconds(t)));
            ASSERT_EQ(ours.offset_minutes, local.tm_gmtoff / 60) << format_utc(ours.utc);
        }
    }
    if (saved) setenv("TZ", saved->c_str(), 1);
    else unsetenv("TZ");
    tzset();
}

}  // namespace
}  // namespace colloq::domain
