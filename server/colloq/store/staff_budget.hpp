#pragma once
// What one staff account may send in a (UTC) day: e-mails caused by its imports and mailings
// together ([limits] staff_emails_per_day), and mailings. Counted in the database, inside the
// writer's transaction, so that servers sharing it and restarts meet one budget.
#include <string>

namespace soci { class session; }

namespace colloq::store {

// Mailings one account may send in a day: each reaches up to every registration.
inline constexpr int staff_mailings_per_day = 20;

struct staff_spending {
    int emails = 0;
    int mailings = 0;
};

struct budget_answer {
    enum refusal { none, emails, mailings } refused = none;
    long long retry_after = 0;  // seconds until the next day, when refused
};

// Adds `spent` to the account's day when it fits under the caps, all or nothing; `now` is RFC 3339 UTC.
budget_answer spend_staff_budget(soci::session& sql, long long staff_id, const std::string& now,
                                 const staff_spending& spent, int emails_per_day);

}  // namespace colloq::store
