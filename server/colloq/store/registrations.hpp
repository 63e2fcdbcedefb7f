#pragma once
// The SQL of registrations: the writes run inside the writer's transaction, the reads on a
// read connection. Seats are taken here, with the conditional UPDATE that never overbooks.
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "colloq/domain/registration.hpp"
#include "colloq/domain/seats.hpp"
#include "colloq/store/writer.hpp"

namespace soci { class session; }

namespace colloq::store {

// What the staff search matches, and filling it for rows written before it existed.
std::string search_key_of(const domain::registration& r);
std::string search_key_for(const std::string& last_name, const std::string& first_name, const std::string& email,
                           const std::string& organisation);
void fill_search_keys(soci::session& sql);

// Creates the seat counter rows of the configured event and partners when missing.
void ensure_seat_counters(soci::session& sql, const config::config& cfg);
// Rebuilds the counts from the registrations (at start-up).
void load_tally(soci::session& sql, const config::config& cfg, domain::tally& tally);
last_ids load_last_ids(soci::session& sql);

struct added {
    bool already_registered = false;  // then `reg` is the existing one, and a new link was made
    bool full = false;                // a guest, and no seat left: nothing written
    domain::registration reg;
    std::string manage_token;  // the new private link's secret, to give to the person
};

// Building blocks of the writes, inside the writer's transaction.
// Takes a seat of the event and of the partner; false (nothing taken) when either is full.
bool take_seat(write_context& ctx, const std::optional<std::string>& partner);
void release_seat(write_context& ctx, const std::optional<std::string>& partner);
// Makes a new private link and queues an email of `kind` carrying it (unless `send` is false);
// returns the link's token. `secret` is the link's random part, made beforehand when the caller
// can (else here).
std::string add_link_and_email(write_context& ctx, long long registration_id, const std::string& kind,
                               std::string secret = {}, bool send = true);
// Records that the registration's current badge no longer opens the door.
void revoke_ticket(write_context& ctx, const domain::registration& r);
// Records the ids of the questions answered, so that exports keep their columns (010_answers.sql).
void note_answered_questions(soci::session& sql, const domain::answer_map& answers);
// Every question id ever answered, configured or not.
std::vector<std::string> answered_question_ids(soci::session& sql);
void count_status(domain::tally& t, domain::status s, int delta);

// A validated applicant with what its registration needs besides, made on the caller's thread so
// that the one writer spends its time on the database only.
struct new_registration {
    domain::applicant applicant;
    std::string email_norm;
    std::string search_key;
    std::string link_secret;   // the private link's random part
    std::string ticket_nonce;  // the badge's, should the registration be confirmed
    // Registrations made by staff: who, under which audit action, whether the usual e-mail goes,
    // and whether the person is the organiser's guest (no approval, no partner quota; the
    // capacity still holds).
    long long made_by = 0;     // staff id; 0: the public
    std::string audit_action;  // register, register_guest, import
    bool send_email = true;
    bool guest = false;
    bool waitlist_only = false;  // a seat only from the waiting list (the security list is sent)
    std::string consent_version;  // the digest of the privacy notice the consent was given to
};
new_registration prepare_registration(domain::applicant a);

// Registers an applicant already validated; sends the matching email through the outbox.
added add_registration(write_context& ctx, const new_registration& n);

// The live (not cancelled) registration of the event with this normalised address, if any.
// The registration not cancelled with that address, and its partner ("" for the public).
struct live_match {
    long long id = 0;
    std::string partner;
};
std::optional<live_match> live_registration(soci::session& sql, const std::string& event, const std::string& email_norm);

struct cancelled {
    bool found = false;
    domain::registration reg;                  // after the change
    std::vector<long long> promoted;           // ids confirmed from the waiting list
};

// Cancels (idempotent), frees the seat and promotes whoever fits from the waiting list.
cancelled cancel_registration(write_context& ctx, long long id);

// Confirms waiting registrations while seats are free (after a cancellation or a larger capacity).
std::vector<long long> promote_waiting(write_context& ctx);

// Reads.
struct registration_filter;
enum class registration_order { arrival, name, partner_then_name };
// Calls `each` with every matching registration; `each` returns false to stop early.
// In arrival order one row at a time (constant memory); by name (French order, last
// name then first name; by partner first if asked) once all of them are read and sorted.
void for_each_registration(soci::session& sql, const std::string& event, const registration_filter& filter,
                           registration_order order,
                           const std::function<bool(const domain::registration&)>& each);
std::vector<domain::registration> list_registrations(soci::session& sql, const std::string& event,
                                                     const registration_filter& filter);
// The registration a manage token ("<link id>.<secret>") opens, if the token is genuine.
std::optional<long long> registration_for_token(soci::session& sql, const std::string& token);
std::optional<domain::registration> find_registration(soci::session& sql, long long id);

}  // namespace colloq::store
