#pragma once
// Personal data: the one place that knows every table holding a person's data, to anonymise
// it (the retention period's purge, an erasure) and to gather everything kept about a person.
// Anonymised: names, e-mail, organisation, role, answers, private links, badge fingerprint,
// the values sent on the venue's list, e-mails waiting or sent; kept: status, partner, guest,
// times, check-in and door, consent time and version, so that every count stays the same.
#include <optional>
#include <string>
#include <vector>

#include "colloq/domain/registration.hpp"

namespace soci { class session; }

namespace colloq::store {

struct write_context;

// Registrations of the event after id `after`, made up to `made_by` (RFC 3339) and not
// anonymised yet, by id, `limit` at most. A purge takes those made before it started (later
// ones wait for its next run), each batch after the last one's ids.
std::vector<long long> registrations_to_anonymise(soci::session& sql, const std::string& event, long long after,
                                                  const std::string& made_by, int limit);
int count_to_anonymise(soci::session& sql, const std::string& event);

// Writer side. Returns the ids of the outbox rows deleted with them: their spooled files go too.
std::vector<long long> anonymise(write_context& ctx, const std::vector<long long>& ids);

// Cancels the registration if it is live (its seat goes on as on a cancellation), anonymises it,
// and queues the e-mail that confirms the erasure to the address it had (kept in that outbox row
// only, until it is sent). None when there is no such registration, or it is anonymised already.
struct erased {
    long long id = 0;  // the registration
    std::vector<long long> forgotten_mail;  // outbox rows deleted: their spooled files go too
    std::vector<long long> promoted;
};
std::optional<erased> erase_registration(write_context& ctx, long long id);

// Everything kept about one person (GET /api/manage/{token}/data).
struct person_record {
    domain::registration reg;  // with its consent
    std::string checked_in_door;
    struct email {
        std::string kind, queued_at, sent_at;  // sent_at "" while waiting
        bool refused = false;
    };
    std::vector<email> emails;
    struct scan {
        std::string at, door, result;
    };
    std::vector<scan> scans;
    struct action {
        std::string at, action;  // staff actions on the registration (approve, edit…)
    };
    std::vector<action> actions;
};
std::optional<person_record> person_record_of(soci::session& sql, long long registration_id);

}  // namespace colloq::store
