// [security_list]: what the configuration accepts, and each mistake named with its line and key.
#include <gtest/gtest.h>

#include "colloq/config/config.hpp"

namespace colloq::config {
namespace {

const std::string event = R"(
[event]
slug = "test"
title = "Test"
organiser = "Org"
venue = "Sénat"
starts_at = "2024-10-10T09:00:00+02:00"
ends_at = "2024-10-10T13:00:00+02:00"
capacity = 50

[mail]
from = "Colloque <inscriptions@example.org>"

[[questions]]
id = "acces"
label = "Besoins d'accès"
type = "text"
)";

std::string error_of(const std::string& extra) {
    try {
        parse(event + extra, "event.toml");
    } catch (const config_error& e) {
        return e.what();
    }
    return "";
}

TEST(config_security_list, fields_and_marked_questions_make_the_columns) {
    config c = parse(event + R"(
[[questions]]
id = "regime"
label = "Régime"
type = "text"
security_list = true

[security_list]
recipient = "Service de la sécurité du Sénat"
due_at = "2024-10-08T12:00:00+02:00"
fields = ["last_name", "first_name", "acces"]
)", "event.toml");
    ASSERT_TRUE(c.security_list);
    EXPECT_EQ(c.security_list->recipient, "Service de la sécurité du Sénat");
    EXPECT_EQ(c.security_list->after_due, security_list_settings::after_due_policy::waitlist) << "the default";
    EXPECT_EQ(c.security_list_columns(), (std::vector<std::string>{"last_name", "first_name", "acces", "regime"}));
    EXPECT_FALSE(parse(event, "event.toml").security_list);
}

TEST(config_security_list, each_mistake_is_named) {
    const std::string head = "[security_list]\nrecipient = \"Sécurité\"\n";
    EXPECT_NE(error_of(head + "due_at = \"2024-10-08T12:00:00+02:00\"\nfields = [\"nom\"]\n")
                  .find("security_list.fields"), std::string::npos);
    EXPECT_NE(error_of(head + "due_at = \"2024-10-08T12:00:00+02:00\"\nfields = [\"last_name\", \"last_name\"]\n")
                  .find("appears twice"), std::string::npos);
    EXPECT_NE(error_of(head + "due_at = \"2024-10-08T12:00:00+02:00\"\nfields = []\n").find("at least one"),
              std::string::npos);
    EXPECT_NE(error_of(head + "due_at = \"2024-10-11T12:00:00+02:00\"\nfields = [\"last_name\"]\n")
                  .find("must not be after the event's starts_at"), std::string::npos);
    EXPECT_NE(error_of(head + "due_at = \"2024-10-08T12:00:00+02:00\"\nfields = [\"last_name\"]\nafter_due = \"later\"\n")
                  .find("accept, waitlist or close"), std::string::npos);
    EXPECT_NE(error_of(head + "fields = [\"last_name\"]\n").find("security_list.due_at"), std::string::npos);
    EXPECT_NE(error_of("[security_list]\ndue_at = \"2024-10-08T12:00:00+02:00\"\nfields = [\"last_name\"]\n")
                  .find("security_list.recipient"), std::string::npos);
    EXPECT_NE(error_of(head + "due_at = \"2024-10-08T12:00:00+02:00\"\nfields = [\"last_name\"]\nto = \"x\"\n")
                  .find("unknown key"), std::string::npos);
    EXPECT_EQ(error_of(head + "due_at = \"2024-10-08T12:00:00+02:00\"\nfields = [\"last_name\"]\n"), "");
}

}  // namespace
}  // namespace colloq::config
