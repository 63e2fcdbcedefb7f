// [privacy]: the retention period and when the purge is due, the controller, each mistake named.
#include <gtest/gtest.h>

#include "colloq/config/config.hpp"
#include "section_support.hpp"

namespace colloq::config {
namespace {

const std::string& event = testing::event_before_sections;
std::string error_of(const std::string& section) { return testing::error_of_section(section); }

TEST(config_privacy, the_purge_is_due_retention_days_after_the_end) {
    auto c = parse(event + "[privacy]\nretention_days = 90\ndpo_email = \"dpo@example.org\"\n", "event.toml");
    ASSERT_TRUE(c.purge_at());
    EXPECT_EQ(domain::format_utc(*c.purge_at()), "2025-01-08T11:00:00.000Z");
    EXPECT_EQ(c.privacy.controller, "L'Inspiration politique") << "the organiser, unless told otherwise";
    EXPECT_EQ(c.privacy.dpo_email, "dpo@example.org");
    EXPECT_EQ(c.privacy.purge_interval, std::chrono::seconds(3600));

    EXPECT_FALSE(parse(event, "event.toml").purge_at()) << "without retention_days: kept";
    EXPECT_FALSE(parse(event + "[privacy]\nretention_days = 0\n", "event.toml").purge_at()) << "0: never";
    EXPECT_EQ(builtin().privacy.retention_days, 90) << "the built-in colloquium keeps its notice's promise";
}

TEST(config_privacy, each_mistake_is_named) {
    EXPECT_NE(error_of("[privacy]\nretention_days = -1\n").find("privacy.retention_days"), std::string::npos);
    EXPECT_NE(error_of("[privacy]\nretention_days = \"90\"\n").find("privacy.retention_days"), std::string::npos);
    EXPECT_NE(error_of("[privacy]\npurge_interval = 0\n").find("privacy.purge_interval"), std::string::npos);
    EXPECT_NE(error_of("[privacy]\nretention = 90\n").find("unknown key"), std::string::npos);
}

}  // namespace
}  // namespace colloq::config
