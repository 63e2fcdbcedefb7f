#pragma once
// One registration as the exports show it: text already chosen for people
// (French status label, partner name), so the writers only lay it out.
#include <string>
#include <vector>

namespace colloq::exports {

struct export_row {
    long long id = 0;
    std::string last_name, first_name, email, organisation, role;
    std::string partner_name;   // empty for a public registration
    std::string status;         // French label: « Inscription confirmée »…
    std::string created_at;     // RFC 3339, UTC
    std::string checked_in_at;  // empty, or RFC 3339 UTC
};

// Column titles of the CSV and XLSX lists, in the order of export_row.
std::vector<std::string> export_headers();

}  // namespace colloq::exports
