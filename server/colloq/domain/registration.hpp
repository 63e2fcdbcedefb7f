#pragma once
// A registration and its statuses: plain values, no I/O.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace colloq::domain {

enum class status { confirmed, waitlisted, pending, cancelled };

std::string_view to_string(status s);
std::optional<status> status_from(std::string_view text);
// « Inscription confirmée », « En liste d'attente »…
std::string_view french_label(status s);

// An answer to one of the configured questions, as sent: a text (text, textarea, choice, date),
// a list (choices) or a flag (checkbox, "true" or "false"). Validation keeps only the right shape.
struct answer {
    enum class shape { text, list, flag, other };
    shape kind = shape::text;
    std::vector<std::string> values;
};
using answer_map = std::map<std::string, answer, std::less<>>;  // by question id

// What a person submits, before and after validation.
struct applicant {
    std::string first_name;
    std::string last_name;
    std::string email;
    std::string organisation;
    std::string role;                    // job title, free text
    std::optional<std::string> partner;  // slug; none: public registration
    bool consent = false;
    answer_map answers;
};

struct registration {
    long long id = 0;
    std::string event;
    std::optional<std::string> partner;
    std::string first_name;
    std::string last_name;
    std::string email;
    std::string organisation;
    std::string role;
    status state = status::pending;
    std::string created_at;
    std::string updated_at;
    std::optional<std::string> checked_in_at;
    int waitlist_position = 0;  // 1-based when waitlisted
    std::string ticket_nonce;   // hex id of the current badge ticket
    answer_map answers;
    bool guest = false;  // the organiser's guest: a seat of the event, none of the partner's quota
    // The consent: when, and the digest of the privacy notice it was given to ("" when not recorded).
    std::string consent_at, consent_version;
    bool anonymised = false;  // erased, or purged after the retention period: nothing of the person is left
    bool mailings_opt_out = false;  // the person stopped the organisers' mailings (not transactional e-mails)
};

// The quota a confirmed registration's seat counts against besides the event's: its partner's,
// except for a guest, who takes none of it.
inline const std::optional<std::string>& quota_scope(const registration& r) {
    static const std::optional<std::string> none;
    return r.guest ? none : r.partner;
}

}  // namespace colloq::domain
