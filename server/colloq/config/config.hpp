#pragma once
// The event configuration: one struct with validated defaults.
#include <chrono>
#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string_view>
#include <string>
#include <vector>

#include "colloq/domain/time.hpp"

namespace colloq::config {

struct partner {
    std::string slug;
    std::string name;
    std::optional<int> quota;        // most confirmed seats; none: only the capacity
    bool requires_approval = false;  // partner staff approve each sign-up
};

// An extra question on the registration form.
struct question {
    enum class kind { text, textarea, choice, choices, checkbox, date };
    std::string id;     // lowercase letters, digits and _: the key in `answers`
    std::string label;
    kind type = kind::text;
    bool required = false;
    std::string help;                  // shown under the label
    std::vector<std::string> options;  // choice and choices
    std::size_t max_length = 0;        // text and textarea
    bool security_list = false;        // also sent to the venue's security service
};

std::string_view to_string(question::kind k);

struct event_settings {
    std::string slug;
    std::string title;
    std::string organiser;
    std::string venue;
    domain::instant starts_at;
    domain::instant ends_at;
    int capacity = 0;
    std::optional<domain::instant> registration_opens_at;
    std::optional<domain::instant> registration_closes_at;
    std::string contact_email;  // shown in every page and email; default: the mail sender's address
};

struct server_settings {
    // Where people reach the server, for the links in answers, e-mails, calendar files and QR
    // pages. Unless the file sets it, `serve` uses the address it listens on instead.
    std::string public_url = "http://localhost:8080";
    bool public_url_configured = false;
    std::string tls_cert;
    std::string tls_key;
    std::chrono::seconds read_timeout{15};
    std::chrono::seconds write_timeout{15};
    std::chrono::seconds idle_timeout{60};  // keep-alive connection waiting for its next request
    std::size_t body_limit = 64 * 1024;
    std::size_t header_limit = 8 * 1024;
    int io_threads = 0;  // 0: one per core
    // Peers whose X-Forwarded-For is believed (addresses, or networks as "10.0.0.0/8").
    std::vector<std::string> trusted_proxies;
    // Open connections at most; past it, and before file descriptors run out, the
    // connections idle the longest are closed first.
    int max_connections = 10000;
};

// Limits on what one client may do through the public routes.
struct limits_settings {
    int registrations_per_address = 20;        // per client address and hour
    std::chrono::seconds resend_interval{600};  // at most one "already registered" e-mail per registration
    int staff_emails_per_day = 2000;  // e-mails one staff account's imports and mailings may cause per (UTC) day
};

struct mail_settings {
    std::string from;
    std::string reply_to;
    std::string smtp_url;
    std::chrono::seconds retry_cap{60};
};

// The nominative list a venue's security service receives before the event ([security_list]).
struct security_list_settings {
    enum class after_due_policy { accept, waitlist, close };
    std::string recipient;            // « Service de la sécurité du Sénat »
    domain::instant due_at;           // the list freezes by itself then
    std::vector<std::string> fields;  // registration fields and question ids, in order
    after_due_policy after_due = after_due_policy::waitlist;  // a public sign-up once the list is frozen
};

// An e-mail sent by the server itself before the event ([[reminders]]), once.
struct reminder {
    std::string key;         // "7d", "24h" or the configured instant: names it in the database
    domain::instant due;     // when it goes
    std::string to;          // confirmed, waitlisted or pending
    bool attach_badge = false;
};

// What happens once the event has ended ([after_event]).
struct after_event_settings {
    bool thank_you = false;   // checked-in attendees are e-mailed a thank-you, once
    bool certificate = true;  // checked-in attendees may download an attendance certificate
};

// Personal data ([privacy]): how long it is kept, and who answers for it.
struct privacy_settings {
    std::optional<int> retention_days;  // anonymised this many days after ends_at; none or 0: kept until deleted
    std::string controller;             // the data controller as the notice names it; default: the organiser
    std::string dpo_email;              // the data protection officer, when there is one
    std::chrono::seconds purge_interval{3600};  // once due, the purge looks again this often
};

// Registration fields a security list may carry, besides question ids.
inline constexpr const char* security_list_registration_fields[] = {"last_name", "first_name", "email",
                                                                     "organisation", "role", "partner"};

struct config {
    event_settings event;
    std::vector<partner> partners;
    std::vector<question> questions;
    server_settings server;
    mail_settings mail;
    limits_settings limits;
    std::optional<security_list_settings> security_list;
    std::vector<reminder> reminders;
    after_event_settings after_event;
    privacy_settings privacy;
    std::string database_url;  // [database] url; empty: sqlite:<data>/colloq.db (--db wins over both)
    std::string source;  // the file it came from, or "(built-in)"

    const partner* find_partner(std::string_view slug) const;
    const question* find_question(std::string_view id) const;
    // The columns of the security list: its fields, then the questions marked security_list.
    std::vector<std::string> security_list_columns() const;
    // When personal data is anonymised: ends_at + retention_days; none when it is kept.
    std::optional<domain::clock_time> purge_at() const;
};

// Parses and validates; throws config_error naming the file, line and key.
config parse(std::string_view toml_text, const std::string& source_name);
config load_file(const std::string& path);
config builtin();
std::string_view builtin_text();

struct config_error : std::runtime_error {
    using std::runtime_error::runtime_error;
};

}  // namespace colloq::config
