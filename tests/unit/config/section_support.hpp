#pragma once
// What the tests of one configuration section share: a valid event to add the section to, and
// the error a text makes ("" when it is accepted).
#include <string>

#include "colloq/config/config.hpp"

namespace colloq::config::testing {

inline const std::string event_before_sections = R"(
[event]
slug = "test"
title = "Test"
organiser = "L'Inspiration politique"
venue = "Sénat"
starts_at = "2024-10-10T09:00:00+02:00"
ends_at = "2024-10-10T13:00:00+02:00"
capacity = 50

[mail]
from = "Colloque <inscriptions@example.org>"
)";

inline std::string error_of_section(const std::string& section) {
    try {
        parse(event_before_sections + section, "event.toml");
    } catch (const config_error& e) {
        return e.what();
    }
    return "";
}

}  // namespace colloq::config::testing
