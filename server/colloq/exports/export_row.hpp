#pragma once
// One registration as the exports show it: text already chosen for people
// (French status label, partner name), so the writers only lay it out.
#include <string>
#include <string_view>
#include <vector>

namespace colloq::exports {

struct export_row {
    long long id = 0;
    std::string last_name, first_name, email, organisation, role;
    std::string partner_name;   // empty for a public registration
    std::string status;         // French label: « Inscription confirmée »…
    std::string created_at;     // RFC 3339 in the event's offset: "2024-09-12T09:42:13+02:00"
    std::string checked_in_at;  // empty, or the same
    std::string consent_at;     // when the consent was given, the same way; empty when not recorded
    std::string consent_version;  // the digest of the privacy notice it was given to
    std::vector<std::string> answers;  // one per question column, in the order of its titles
};

// The French title of a registration field (last_name → « Nom »…), as the exports' columns
// read; "" for another name.
std::string_view field_title(std::string_view field);

// Column titles of the CSV and XLSX lists, in the order of export_row, then one per question.
std::vector<std::string> export_headers(const std::vector<std::string>& question_titles = {});

}  // namespace colloq::exports
