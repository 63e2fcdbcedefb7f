#pragma once
// Check-in: the first scan of a badge wins, every scan is logged, offline scans are uploaded
// later with the device's own id so a second upload changes nothing.
#include <optional>
#include <string>
#include <vector>

#include "colloq/domain/registration.hpp"
#include "colloq/store/writer.hpp"

namespace soci { class session; }

namespace colloq::store {

struct scan_request {
    std::optional<long long> registration_id;  // from a genuine ticket, or chosen by name at the door
    std::string ticket_nonce;                   // the ticket's id; empty when chosen by name
    std::string refused;                        // "invalid" or "wrong_event": the ticket was not genuine
    std::string ticket_fingerprint;             // of the scanned ticket
    // The ticket's text while its signature has not been checked; empty once it has, or when
    // chosen by name. The writer checks no signature (an Ed25519 check costs several scans'
    // worth of time): such a ticket whose fingerprint is not the one recorded for its
    // registration (a badge not e-mailed yet, or a forgery) comes back `unchecked`.
    std::string unchecked_ticket;
    std::string client_scan_id;                 // offline scans only
    std::string door;
    std::string device;
    long long staff_id = 0;
    std::string scanned_at;                     // RFC 3339 UTC; empty: now
    std::string device_scanned_at;              // offline scans: the time the device gave
};

// The outcome of a scan not recorded yet: its signature is to be checked before it is sent again.
inline constexpr const char* unchecked = "unchecked";

struct scan_outcome {
    std::string result;  // ok, already_checked_in, cancelled, not_confirmed, invalid, wrong_event; unchecked
    std::optional<domain::registration> reg;
    std::optional<std::string> checked_in_at;    // the first scan's time
    std::optional<std::string> checked_in_door;  // and door
};

scan_outcome record_scan(write_context& ctx, const scan_request& scan);

struct door_entry {
    domain::registration reg;
    std::optional<std::string> checked_in_door;
};

struct door_list {
    std::vector<door_entry> registrations;  // confirmed ones; with `since`, every one changed after it
    std::vector<std::string> revoked;       // ticket ids that no longer open the door
};

door_list door_list_since(soci::session& sql, const std::string& event, const std::optional<std::string>& since);
int count_checked_in(soci::session& sql, const std::string& event);

}  // namespace colloq::store
