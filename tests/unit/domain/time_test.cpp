#include <gtest/gtest.h>

#include <string>

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

TEST(time, a_time_is_read_in_the_offset_of_the_event_it_belongs_to) {
    auto event_start = *parse_rfc3339("2030-06-10T09:00:00+00:00");
    auto arrival = parse_rfc3339("2030-06-10T08:45:00Z")->utc;
    EXPECT_EQ(format_local(in_offset_of(event_start, arrival)), "2030-06-10T08:45:00+00:00");
    EXPECT_EQ(french_date_time_in_offset_of(event_start, "2030-06-10T08:45:00.000Z"),
              "lundi 10 juin 2030 à\u00A08\u00A0h\u00A045");
    auto paris_start = *parse_rfc3339("2024-10-10T09:00:00+02:00");
    EXPECT_EQ(format_local(in_offset_of(paris_start, parse_rfc3339("2024-12-31T23:30:00Z")->utc)),
              "2025-01-01T01:30:00+02:00");
    EXPECT_EQ(french_date_time_in_offset_of(paris_start, "pas une date"), "pas une date");
}

}  // namespace
}  // namespace colloq::domain
