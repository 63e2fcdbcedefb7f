#pragma once
// The store as the handlers see it: asynchronous operations that never block the caller.
// Writes go through the one writer (group commit), reads through the read pool; each
// operation calls back once, on a store thread, with `failed` set when the database did not answer.
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "colloq/config/config.hpp"
#include "colloq/domain/registration.hpp"
#include "colloq/domain/seats.hpp"
#include "colloq/store/database.hpp"
#include "colloq/store/checkins.hpp"
#include "colloq/store/client_limits.hpp"
#include "colloq/store/credentials_stamp.hpp"
#include "colloq/store/mailings.hpp"
#include "colloq/store/outbox.hpp"
#include "colloq/store/privacy.hpp"
#include "colloq/store/security_list.hpp"
#include "colloq/store/staff.hpp"
#include "colloq/store/staff_actions.hpp"

namespace colloq::support { class histogram; }

namespace colloq::store {

enum class registration_order;
class writer;
class readers;
class export_threads;
class checkpointer;

struct register_reply {
    bool failed = false;
    bool already_registered = false;
    bool full = false;  // a guest, and the event has no seat left
    long long retry_after = 0;  // seconds: the client's limit is reached (registration_options::limited_by)
    domain::registration reg;
    std::string manage_token;
};

// What an import did, or would do, with each applicant, in the order given.
struct import_reply {
    bool failed = false;
    struct line {
        long long id = 0;  // the registration made, or the live one with that address (0: outside the scope)
        bool already_registered = false;
        domain::status state = domain::status::pending;  // when made
    };
    std::vector<line> lines;
    budget_answer budget;  // refused: the e-mails would pass the account's day; nothing written
};

// The security list as it stands, the last version sent and what changed since.
struct security_list_reply {
    bool failed = false;
    std::optional<security_version> latest;
    std::vector<security_entry> current;
    std::vector<security_entry> sent;  // the latest version's entries
    security_changes changes;          // since the latest version; empty when none
};

struct freeze_reply {
    bool failed = false;
    std::optional<security_version> frozen;  // none: nothing to do (freeze_if_due)
};

struct lookup_reply {
    bool failed = false;
    std::optional<domain::registration> reg;
};

struct mail_reply {
    bool failed = false;
    std::vector<outbox_item> items;
    std::optional<std::string> next_due;  // when nothing is due now
};

struct marked_reply {
    bool failed = false;
    std::vector<long long> gone;  // rows deleted while their e-mails were out (see mark_sent)
};

struct cancel_reply {
    bool failed = false;
    std::optional<domain::registration> reg;  // after the change; none: unknown
};

struct registration_filter {
    std::optional<std::string> partner;  // a slug, or "" for the public; none: every partner
    std::optional<domain::status> status;
    std::string query;                   // part of a name, email or organisation
};

struct list_reply {
    bool failed = false;
    std::vector<domain::registration> registrations;
};

struct scans_reply {
    bool failed = false;
    std::vector<scan_outcome> outcomes;  // in the order of the scans
};

struct door_list_reply {
    bool failed = false;
    door_list list;
    std::string as_of;  // give it back as `since` to get what changed after this list
};

struct action_reply {
    bool failed = false;
    action_outcome outcome;
};

struct stats_row {
    std::string partner;  // "" for the public
    std::string status;
    int count = 0;
    int checked_in = 0;
};

// Registrations made and cancelled in one hour (UTC, "2024-10-01T07"), by partner. A
// cancellation counts at the registration's last change.
struct timeline_row {
    std::string hour;
    std::string partner;  // "" for the public
    int registered = 0;
    int cancelled = 0;
};

struct stats_reply {
    bool failed = false;
    std::vector<stats_row> rows;
    std::vector<timeline_row> timeline;  // by hour
};

struct credential_reply {
    bool failed = false;
    std::optional<credential> found;
};

struct staff_reply {
    bool failed = false;
    std::optional<staff_member> found;
};

struct wait_reply {
    bool failed = false;
    long long seconds = 0;
    std::string counted_at;  // take_limit_events: when the events were counted (none when seconds > 0)
};

struct id_reply {
    bool failed = false;
    std::optional<long long> id;  // none: refused (e.g. an account with this email exists)
};

struct staff_list_reply {
    bool failed = false;
    std::vector<staff_member> staff;
};

struct token_list_reply {
    bool failed = false;
    std::vector<api_token_info> tokens;
};

struct revoke_reply {
    bool failed = false;
    revoke_outcome outcome = revoke_outcome::unknown;
};

struct audit_reply {
    bool failed = false;
    std::vector<audit_entry> entries;
};

struct mailing_reply {
    bool failed = false;
    std::optional<queued_mailing> queued;  // none: queued already (its job_key), or too late
};

struct audience_reply {
    bool failed = false;
    int recipients = 0;
    std::optional<domain::registration> first;  // for a preview
};

struct mailings_reply {
    bool failed = false;
    std::vector<mailing_summary> mailings;
};

// A purge's batch, or what it would do (a dry run: `anonymised` counts those due).
struct purge_reply {
    bool failed = false;
    bool due = false;                      // the retention period is over
    int anonymised = 0;
    long long last_id = 0;                  // the batch's last registration: the next starts after it
    std::vector<long long> forgotten_mail;  // outbox rows deleted: their spooled files go too
};

// Outbox rows by state: waiting (never tried), retrying, failed (given up), sent.
struct backlog_reply {
    bool failed = false;
    std::vector<std::pair<std::string, long long>> by_state;
};

struct erase_reply {
    bool failed = false;
    std::optional<erased> done;  // none: no such registration, or anonymised already
};

struct person_reply {
    bool failed = false;
    std::optional<person_record> record;
};

class store {
public:
    // The schema must be migrated already.
    store(const location& where, const config::config& cfg, int read_threads = 3);
    ~store();

    void stop();  // finishes queued work

    std::shared_ptr<const domain::tally> tally() const;

    // The digest of the privacy notice as shown, recorded with each registration's consent. Set
    // once, before anything registers.
    void set_consent_version(std::string version) { consent_version_ = std::move(version); }

    // How a registration is made: by the public (staff_id 0) or a staff member (audited), with or
    // without the usual e-mail, as a guest or not; `waitlist_only` once the security list is sent
    // ([security_list] after_due = "waitlist").
    struct registration_options {
        long long staff_id = 0;
        bool send_email = true;
        bool guest = false;
        bool waitlist_only = false;
        // Counted in the database, in the registration's own transaction, when servers share it.
        std::optional<limited_key> limited_by = std::nullopt;
    };
    void register_applicant(domain::applicant a, const registration_options& how, std::function<void(register_reply)> done);
    // Invitees, already validated, in one transaction: all registered or none. An address already
    // registered is reported and left alone (no e-mail); one outside `scope` (the partner the
    // importer is limited to) without its id. `dry_run`: only says what would happen (audited).
    // The e-mails sent spend the importer's day (staff_budget.hpp).
    void import_registrations(std::vector<domain::applicant> invitees, const registration_options& by, bool dry_run,
                              std::optional<std::string> scope, std::function<void(import_reply)> done);
    void find_by_manage_token(const std::string& token, std::function<void(lookup_reply)> done);
    void find_by_id(long long id, std::function<void(lookup_reply)> done);
    void cancel_by_manage_token(const std::string& token, std::function<void(cancel_reply)> done);
    void ping(std::function<void(bool ok)> done);

    void list_registrations(registration_filter filter, std::function<void(list_reply)> done);
    // Streams the matching registrations to `each` on a thread of its own, with a read
    // connection of its own (false stops), then calls `done` on that same thread: both may wait
    // for a slow client to read what they wrote, and no other request waits for them. False
    // (and nothing is called) when `max_exports` are running already.
    static constexpr int max_exports = 8;
    // `begin` is called first, on that thread, with every question id ever answered (what the
    // exports need for their columns); what it throws ends the export as failed.
    bool export_registrations(registration_filter filter, registration_order order,
                              std::function<void(const std::vector<std::string>& answered_questions)> begin,
                              std::function<bool(const domain::registration&)> each,
                              std::function<void(bool ok)> done);

    // Check-in (store_door.cpp): the scans are recorded together, in order.
    // The scans are read on the writer's thread until `done` is called; the outcomes come in
    // their order.
    void record_scans(std::shared_ptr<const std::vector<scan_request>> scans, std::function<void(scans_reply)> done);
    void door_list(std::optional<std::string> since, std::function<void(door_list_reply)> done);

    // Staff actions on registrations (store_staff.cpp).
    void act_on_registration(long long id, staff_action action, long long staff_id, std::optional<std::string> scope,
                             std::function<void(action_reply)> done);
    void edit_registration(long long id, registration_edit edit, long long staff_id, std::optional<std::string> scope,
                           std::function<void(action_reply)> done);
    void stats(std::function<void(stats_reply)> done);

    // Staff accounts, sessions and tokens (store_staff.cpp).
    void count_staff(std::function<void(id_reply)> done);  // the count, in `id`
    void add_staff(staff_member member, std::function<void(id_reply)> done);
    void find_staff(std::string email, std::function<void(staff_reply)> done);
    void add_session(long long staff_id, std::string token_hash, std::string csrf_hash, std::string expires_at,
                     std::function<void(id_reply)> done);
    void end_session(long long id, std::function<void(bool committed)> done);
    void add_api_token(long long staff_id, std::string token_hash, std::string expires_at,
                       std::function<void(id_reply)> done);
    enum class credential_kind { session, api_token };
    void find_credential(credential_kind kind, long long id, std::function<void(credential_reply)> done);
    void list_staff(std::function<void(staff_list_reply)> done);
    // `id` is 1 when the account exists (and is now disabled, or enabled), none otherwise.
    // Disabling and revoking renew the credentials mark once committed (credentials_stamp.hpp).
    void set_staff_disabled(std::string email, bool disabled, std::function<void(id_reply)> done);
    void list_api_tokens(std::string email, std::function<void(token_list_reply)> done);  // email "": all
    void revoke_api_token(long long id, std::function<void(revoke_reply)> done);
    // The mark to keep with a token read now; none: do not keep it.
    std::optional<stamp_identity> credentials_mark() const { return stamp_.current(); }
    // Records that the token was used at the writer's current time; nothing is reported.
    void record_token_use(long long id);
    void audit_trail(int limit, std::function<void(audit_reply)> done);

    // The mail worker's side of the outbox.
    // Up to `limit` transactional e-mails, or when none is due, `bulk_limit` of the mailings'.
    void due_mail(int limit, int bulk_limit, std::function<void(mail_reply)> done);
    void mark_mail_sent(std::vector<sent_mail> sent, std::function<void(marked_reply)> done);
    void reschedule_mail(long long id, int attempts, std::string next_attempt_at, std::string error,
                         std::function<void(bool committed)> done);
    void note_mail_error(long long id, std::string error, std::function<void(bool committed)> done);
    void give_up_mail(long long id, int attempts, std::string error, std::function<void(bool committed)> done);
    // Rows taken by due_mail and not tried: other servers' workers may take them at once.
    void release_mail(std::vector<long long> ids, std::function<void(bool committed)> done);
    // The server's name in the claims of its mail worker (PostgreSQL), stable across restarts:
    // what a previous run of it claimed is released now.
    void take_back_mail_claims(std::string server_id, std::function<void(bool committed)> done);
    // Other servers may share the database (PostgreSQL): what each client is allowed is counted there.
    bool shared() const { return shared_; }
    // In one write (which servers take one at a time): the longest wait among the keys; when it
    // is zero, one event counted under every key, so that concurrent requests cannot all pass.
    void take_limit_events(std::vector<limited_key> keys, std::function<void(wait_reply)> done);
    // Takes back the events take_limit_events counted at `counted_at`, and drops `forget` keys.
    void give_back_limit_events(std::vector<limited_key> keys, std::string counted_at, std::vector<limited_key> forget,
                                std::function<void(bool committed)> done);
    // Called (on the writer thread) after each commit that queued an email.
    void on_mail_queued(std::function<void()> listener);
    void mail_backlog(std::function<void(backlog_reply)> done);
    // How many writes each commit carried.
    const support::histogram& writer_group_sizes() const;

    // Mailings (store_mailings.cpp). `deadline`: not queued once the writer's time reaches it
    // (a reminder is not sent once the event has begun).
    void queue_mailing(mailing_draft draft, std::optional<domain::instant> deadline,
                       std::function<void(mailing_reply)> done);
    void count_audience(audience to, std::function<void(audience_reply)> done);
    void list_mailings(std::optional<std::string> partner, std::function<void(mailings_reply)> done);
    // The person behind this private link asks for no more mailings (transactional e-mails still
    // go); the registration as it now is, or none for an unknown link. Doing it twice changes nothing.
    void opt_out_of_mailings(const std::string& token, std::function<void(lookup_reply)> done);

    // Personal data (store_privacy.cpp). A batch of the retention period's purge: up to `limit`
    // registrations after id `after` and made up to `made_by` anonymised, none before ends_at +
    // retention_days; `dry_run` only counts.
    void purge_batch(int limit, long long after, std::string made_by, bool dry_run,
                     std::function<void(purge_reply)> done);
    // The purge's entry in the audit trail, with its count.
    void record_purge(int anonymised, std::function<void(bool committed)> done);
    void erase_by_manage_token(std::string token, std::function<void(erase_reply)> done);
    void erase_by_id(long long id, long long staff_id, std::function<void(erase_reply)> done);
    void person_record_by_token(std::string token, std::function<void(person_reply)> done);
    // After an erasure or a purge: the log truncated, so that no old page keeps what they
    // removed (SQLite; at once elsewhere). `done` runs on the checkpointer's thread.
    void forget_old_pages(std::function<void(bool)> done);

    // The venue's security list ([security_list]).
    const security_marks& security_marks_of() const { return marks_; }
    // `on_read_thread`: `done` runs on the reader thread, which may then build a file from it.
    void security_list(std::function<void(security_list_reply)> done, bool on_read_thread = false);
    // A new version now (`staff_id` 0: the clock).
    void freeze_security_list(long long staff_id, const std::string& reason, std::function<void(freeze_reply)> done);
    // Once the due time has passed: a version, unless one was frozen at or after it (idempotent).
    void freeze_security_list_if_due(std::function<void(freeze_reply)> done);

private:
    void freeze_with(std::function<std::optional<frozen_version>(write_context&)> freeze,
                     std::function<void(freeze_reply)> done);
    // `done` is called on the caller's home thread (see home_thread.hpp) when it has one,
    // unless `on_read_thread`.
    template <class Reply, class Query>
    void read(Query query, std::function<void(Reply)> done, bool on_read_thread = false);
    template <class Reply, class Job>
    void write(Job job, std::function<void(Reply)> done);

    const config::config& cfg_;
    credentials_stamp stamp_;
    std::unique_ptr<writer> writer_;
    std::unique_ptr<readers> readers_;
    std::unique_ptr<export_threads> exports_;
    std::unique_ptr<checkpointer> checkpointer_;  // SQLite only
    // PostgreSQL: other servers may share the database, so e-mails are claimed before sending.
    bool shared_ = false;
    std::string server_id_;  // set once, before the mail worker starts
    std::string limits_secret_;  // the client_limits keys' (shared databases only)
    std::string consent_version_;
    security_marks marks_;
};

}  // namespace colloq::store
