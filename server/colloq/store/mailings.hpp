#pragma once
// The SQL of mailings: who a mailing reaches, queueing its e-mails in the outbox behind the
// transactional ones, and how far each one has gone.
#include <optional>
#include <string>
#include <vector>

#include "colloq/domain/registration.hpp"
#include "colloq/store/staff_budget.hpp"

namespace soci { class session; }

namespace colloq::store {

struct write_context;

// Who a mailing goes to: registrations of these statuses, of one partner ("" the public) or of
// all, checked in or not or either.
struct audience {
    std::vector<domain::status> statuses;
    std::optional<std::string> partner;
    std::optional<bool> checked_in;
    bool leave_out_opted_out = false;  // staff mailings: not to those who asked for none
};

struct mailing_draft {
    std::string kind = "mailing";  // mailing, reminder, thank_you
    std::string job_key;           // a reminder's or the thank-you's name: queued once; "" for staff's
    long long staff_id = 0;        // 0: the server's own
    std::string subject, body;     // for staff mailings; the others' texts are the server's
    bool attach_badge = false;
    audience to;
    std::string audience_json;
};

struct mailing_summary {
    long long id = 0;
    std::string at, kind, staff_email, subject;
    std::optional<std::string> partner;
    int recipients = 0, sent = 0, failed = 0;
};

// The registrations the audience reaches, by id.
std::vector<long long> audience_ids(soci::session& sql, const std::string& event, const audience& to);
// Writer side: records the mailing and queues one e-mail, with a fresh private link, for each
// registration of its audience. None when its job_key was queued already. A staff member's
// mailing spends their day's budget: refused past it, with nothing written.
struct queued_mailing {
    long long id = 0;
    int recipients = 0;
    budget_answer budget;
};
std::optional<queued_mailing> queue_mailing(write_context& ctx, const mailing_draft& draft);
// Newest first; a partner's only when `partner` is set.
std::vector<mailing_summary> recent_mailings(soci::session& sql, const std::optional<std::string>& partner, int limit);

}  // namespace colloq::store
