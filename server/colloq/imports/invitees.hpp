#pragma once
// A CSV file of invitees as registrations to make: its columns recognised (the export's own
// titles, the API's field names, a question's label or id), each line read and checked as a
// registration would be, and every fault named with its line.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "colloq/config/config.hpp"
#include "colloq/domain/registration.hpp"

namespace colloq::imports {

struct invitee {
    int line = 0;
    domain::applicant applicant;  // validated and cleaned
};

struct invitee_fault {
    int line = 0;          // 0: the file as a whole
    std::string field;     // the API's name (email, answers.<id>…), or "" for the line or the file
    std::string column;    // the column's title in the file, when there is one
    std::string message;   // French
};

struct invitee_file {
    std::string encoding;
    char separator = ';';
    std::vector<invitee> invitees;
    std::vector<invitee_fault> faults;  // in line order
    // Lines left out without fault: a registration whose data were erased, in an export read back.
    std::vector<invitee_fault> notices;
};

// `default_partner`: for lines without one. `only_partner`: a partner's staff, whose lines may
// name no other association.
invitee_file read_invitees(std::string_view bytes, const config::config& cfg,
                           const std::optional<std::string>& default_partner,
                           const std::optional<std::string>& only_partner);

}  // namespace colloq::imports
