// [[reminders]] and [after_event]: what the configuration accepts, and each mistake named.
#include <gtest/gtest.h>

#include "colloq/config/config.hpp"
#include "section_support.hpp"

namespace colloq::config {
namespace {

const std::string& event = testing::event_before_sections;
std::string error_of(const std::string& section) { return testing::error_of_section(section); }

TEST(config_reminders, before_in_days_or_hours_or_at_an_instant) {
    auto c = parse(event + R"(
[[reminders]]
before = "7d"

[[reminders]]
before = "24h"
to = "waitlisted"
attach_badge = true

[[reminders]]
at = "2024-10-09T18:00:00+02:00"
to = "pending"
)", "event.toml");
    ASSERT_EQ(c.reminders.size(), 3u);
    EXPECT_EQ(domain::format_utc(c.reminders[0].due.utc), "2024-10-03T07:00:00.000Z");
    EXPECT_EQ(c.reminders[0].to, "confirmed");
    EXPECT_FALSE(c.reminders[0].attach_badge);
    EXPECT_EQ(domain::format_utc(c.reminders[1].due.utc), "2024-10-09T07:00:00.000Z");
    EXPECT_TRUE(c.reminders[1].attach_badge);
    EXPECT_EQ(domain::format_utc(c.reminders[2].due.utc), "2024-10-09T16:00:00.000Z");
    // Each has a name of its own: the database records it once sent.
    EXPECT_NE(c.reminders[0].key, c.reminders[1].key);
    EXPECT_NE(c.reminders[1].key, c.reminders[2].key);
    // Without [after_event]: certificates yes, thank-you no.
    EXPECT_TRUE(c.after_event.certificate);
    EXPECT_FALSE(c.after_event.thank_you);
}

TEST(config_reminders, each_mistake_is_named) {
    EXPECT_NE(error_of("[[reminders]]\nbefore = \"7\"\n").find("reminders.before"), std::string::npos);
    EXPECT_NE(error_of("[[reminders]]\nbefore = \"0d\"\n").find("reminders.before"), std::string::npos);
    EXPECT_NE(error_of("[[reminders]]\nbefore = \"2w\"\n").find("reminders.before"), std::string::npos);
    EXPECT_NE(error_of("[[reminders]]\nto = \"confirmed\"\n").find("either before"), std::string::npos);
    EXPECT_NE(error_of("[[reminders]]\nbefore = \"1d\"\nat = \"2024-10-09T09:00:00+02:00\"\n").find("not both"),
              std::string::npos);
    EXPECT_NE(error_of("[[reminders]]\nat = \"2024-10-10T10:00:00+02:00\"\n").find("before the event"), std::string::npos);
    EXPECT_NE(error_of("[[reminders]]\nbefore = \"1d\"\nto = \"cancelled\"\n").find("reminders.to"), std::string::npos);
    EXPECT_NE(error_of("[[reminders]]\nbefore = \"1d\"\n[[reminders]]\nbefore = \"1d\"\n").find("twice"), std::string::npos);
    EXPECT_NE(error_of("[[reminders]]\nbefore = \"1d\"\nwhen = 1\n").find("unknown key"), std::string::npos);
    EXPECT_NE(error_of("[after_event]\nthank_you = \"oui\"\n").find("after_event.thank_you"), std::string::npos);
    EXPECT_NE(error_of("[after_event]\ncertificat = true\n").find("unknown key"), std::string::npos);
    EXPECT_EQ(error_of("[after_event]\nthank_you = true\ncertificate = false\n"), "");
}

TEST(config_reminders, the_built_in_colloquium_reminds_and_thanks) {
    auto c = builtin();
    ASSERT_EQ(c.reminders.size(), 2u);
    EXPECT_TRUE(c.reminders[1].attach_badge);
    EXPECT_TRUE(c.after_event.thank_you);
    EXPECT_TRUE(c.after_event.certificate);
}

}  // namespace
}  // namespace colloq::config
