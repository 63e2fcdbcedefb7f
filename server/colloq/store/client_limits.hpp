#pragma once
// Counts of events per client kept in the database (schema/017_client_limits.sql), for servers
// that share it: the same fixed windows as auth::key_limiter, with the same hard bound on keys.
#include <chrono>
#include <cstddef>
#include <string>

#include "colloq/domain/time.hpp"

namespace soci { class session; }

namespace colloq::store {

struct limit_rule {
    std::string scope;  // one table of keys: "login_pair", "registrations_by_address"…
    int limit = 1;
    std::chrono::seconds window{0};
    // Once over the limit, refused until the window ends or `hold` after the last event.
    std::chrono::seconds hold = std::chrono::seconds::max();
    std::size_t max_keys = 10000;
    // Counting the scope's keys costs a scan: a server does it once per trim_every events it
    // counts there, so a scope holds at most max_keys + trim_every keys per server.
    unsigned trim_every = 1024;
};

// A client under a rule. The key is stored as its hash keyed with the table's secret.
struct limited_key {
    limit_rule rule;
    std::string key;
};

// The secret the keys are hashed with (crypto::keyed_hash), kept in the database beside them
// (server_settings): made once by the first server that asks, then read by every server. An
// address cannot be found back from its row by trying every address without it.
std::string client_limits_secret(soci::session& sql);

// How long the client must wait before one more event (zero: now).
std::chrono::seconds limit_wait(soci::session& sql, const std::string& secret, const limited_key& k,
                                domain::clock_time now);
// Counts one event. Every trim_every events (in this process), the scope's expired keys go
// first, then its earliest keys beyond max_keys - 1.
void count_limit_event(soci::session& sql, const std::string& secret, const limited_key& k, domain::clock_time now);
void forget_limit_key(soci::session& sql, const std::string& secret, const limited_key& k);
// Takes back one event counted at `counted_at` (domain::format_utc), unless the key's window
// has started again since.
void give_back_limit_event(soci::session& sql, const std::string& secret, const limited_key& k,
                           const std::string& counted_at);

}  // namespace colloq::store
