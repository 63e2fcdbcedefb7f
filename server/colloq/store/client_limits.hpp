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

// A client under a rule. The key is stored as its hash.
struct limited_key {
    limit_rule rule;
    std::string key;
};

// How long the client must wait before one more event (zero: now).
std::chrono::seconds limit_wait(soci::session& sql, const limited_key& k, domain::clock_time now);
// Counts one event. Every trim_every events (in this process), the scope's expired keys go
// first, then its earliest keys beyond max_keys - 1.
void count_limit_event(soci::session& sql, const limited_key& k, domain::clock_time now);
void forget_limit_key(soci::session& sql, const limited_key& k);

}  // namespace colloq::store
