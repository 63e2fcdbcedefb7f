#pragma once
// The mail outbox: rows written with the change they announce, read and marked by the mail worker.
#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "colloq/domain/registration.hpp"

namespace soci { class session; }

namespace colloq::store {

struct outbox_item {
    long long id = 0;
    std::string kind;          // confirmed, waitlisted, promoted, pending, cancelled, already_registered…
    std::string manage_token;  // the private link to put in this email
    int attempts = 0;          // times this email was refused (server outages do not count)
    std::string created_at;    // when it was queued
    domain::registration reg;  // as it is now
    // For an e-mail of a mailing (kind "mailing", "reminder" or "thank_you"): what it says.
    long long mailing_id = 0;
    std::string subject, body;
    bool attach_badge = false;
    // Where it goes when the registration no longer has an address (the erasure's last e-mail).
    std::string address;
    const std::string& recipient() const { return address.empty() ? reg.email : address; }
};

// Unsent rows due at `now`, oldest first: the transactional e-mails (priority 0) before any
// mailing's, so that a mailing to thousands never delays a badge. At most `limit`
// transactional ones, or when none is due, `bulk_limit` of the mailings'.
std::vector<outbox_item> due_mail(soci::session& sql, const std::string& now, int limit, int bulk_limit);
// When the next unsent row is due, if any (a row another server's worker holds: when its claim ends).
std::optional<std::string> next_mail_due(soci::session& sql);
// Several servers on one database: the rows a worker took are not due for the others until
// `until`; sending, rescheduling or giving up ends the claim.
void claim_mail(soci::session& sql, const std::vector<outbox_item>& items, const std::string& until,
                const std::string& by);
void release_mail_claims(soci::session& sql, const std::vector<long long>& ids);
// At a server's start: the rows its previous run claimed and did not send are free again.
void release_mail_claims_of(soci::session& sql, const std::string& server_id);
// Longer than sending a batch ever takes: a server that died with it in hand leaves it to
// another after that.
inline constexpr std::chrono::minutes mail_claim{10};

// Writer side.
struct sent_mail {
    long long outbox_id = 0;
    long long registration_id = 0;
    std::string ticket_nonce;        // the registration's, when the email was composed
    std::string ticket_fingerprint;  // of the badge it carried; empty: none
};
// Marks the emails sent, and records the fingerprint of each badge sent, unless the ticket was
// replaced meanwhile: the door recognises these badges without checking their signature.
// Returns the ids of those whose row is gone meanwhile (an erasure or a purge deleted it while
// the e-mail was being sent): a spooled copy of them must go too.
std::vector<long long> mark_sent(soci::session& sql, const std::vector<sent_mail>& sent, const std::string& now);
void reschedule_mail(soci::session& sql, long long id, int attempts, const std::string& next_attempt_at,
                     const std::string& error);
// The server could not be reached: the row keeps its place and count, and says why.
void note_mail_error(soci::session& sql, long long id, const std::string& error);
// Refused for good: never tried again, and its private link is forgotten (the attendee's
// /m/ token must not stay in clear in a row nobody will send). Kind, recipient and error stay.
void give_up_mail(soci::session& sql, long long id, int attempts, const std::string& error);

// Rows by state: waiting (never tried), retrying, failed (given up), sent; each state once.
std::vector<std::pair<std::string, long long>> count_mail_by_state(soci::session& sql);

// A row that will never be sent (the address was refused): kept, with its error, for the organisers.
inline constexpr const char* never = "9999-12-31T00:00:00.000Z";

}  // namespace colloq::store
