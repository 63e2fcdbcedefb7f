#include "colloq/store/client_limits.hpp"

#include <algorithm>
#include <map>
#include <mutex>
#include <optional>
#include <stdexcept>

#include <soci/soci.h>

#include "colloq/crypto/secrets.hpp"

namespace colloq::store {

using namespace std::chrono;

namespace {

struct counted {
    int events = 0;
    domain::clock_time start, last;
};

std::optional<counted> find(soci::session& sql, const std::string& scope, const std::string& key) {
    int events = 0;
    std::string start, last;
    sql << "SELECT events, window_start, last_at FROM client_limits WHERE scope = :s AND client_key = :k",
        soci::use(scope), soci::use(key), soci::into(events), soci::into(start), soci::into(last);
    if (!sql.got_data()) return std::nullopt;
    auto s = domain::parse_rfc3339(start), l = domain::parse_rfc3339(last);
    if (!s || !l) return std::nullopt;
    return counted{events, s->utc, l->utc};
}

std::string stored_key(const std::string& secret, const limited_key& k) {
    std::string hashed = crypto::keyed_hash(secret, k.key);
    if (hashed.empty()) throw std::runtime_error("client_limits: the secret of the keys is not hex");
    return hashed;
}

bool expired(const counted& c, const limit_rule& rule, domain::clock_time now) { return now >= c.start + rule.window; }

// Whether this event trims the rule's scope (limit_rule::trim_every). The scopes are the few
// the server names.
bool time_to_trim(const limit_rule& rule) {
    static std::mutex m;
    static std::map<std::string, unsigned> counted;
    std::lock_guard lock(m);
    return counted[rule.scope]++ % std::max(rule.trim_every, 1u) == 0;
}

void trim(soci::session& sql, const limited_key& k, domain::clock_time now) {
    const std::string& scope = k.rule.scope;
    std::string started_before = domain::format_utc(now - k.rule.window);
    sql << "DELETE FROM client_limits WHERE scope = :s AND window_start <= :t", soci::use(scope),
        soci::use(started_before);
    long long kept = 0;
    sql << "SELECT COUNT(*) FROM client_limits WHERE scope = :s", soci::use(scope), soci::into(kept);
    long long excess = kept - static_cast<long long>(k.rule.max_keys) + 1;
    if (excess > 0)
        sql << "DELETE FROM client_limits WHERE scope = :s AND client_key IN (SELECT client_key FROM client_limits "
               "WHERE scope = :s2 ORDER BY window_start LIMIT :n)",
            soci::use(scope), soci::use(scope), soci::use(excess);
}

}  // namespace

std::string client_limits_secret(soci::session& sql) {
    static const std::string name = "client_limits_key";
    std::string fresh = crypto::random_hex(32);
    // Two servers starting at once: the first insert wins, the other reads it.
    sql << "INSERT INTO server_settings (name, value) VALUES (:n, :v) ON CONFLICT (name) DO NOTHING", soci::use(name),
        soci::use(fresh);
    std::string secret;
    sql << "SELECT value FROM server_settings WHERE name = :n", soci::use(name), soci::into(secret);
    return secret;
}

seconds limit_wait(soci::session& sql, const std::string& secret, const limited_key& k, domain::clock_time now) {
    auto c = find(sql, k.rule.scope, stored_key(secret, k));
    if (!c || expired(*c, k.rule, now) || c->events < k.rule.limit) return seconds(0);
    auto until = std::min(c->start + k.rule.window, c->last + std::min(k.rule.hold, k.rule.window));
    return until <= now ? seconds(0) : ceil<seconds>(until - now);
}

void count_limit_event(soci::session& sql, const std::string& secret, const limited_key& k, domain::clock_time now) {
    const std::string& scope = k.rule.scope;
    if (time_to_trim(k.rule)) trim(sql, k, now);
    std::string key = stored_key(secret, k), at = domain::format_utc(now);
    std::string started_before = domain::format_utc(now - k.rule.window);
    // One statement: a new key, a new window for an expired one, or one more event.
    sql << "INSERT INTO client_limits (scope, client_key, events, window_start, last_at) VALUES (:s, :k, 1, :t, :t2) "
           "ON CONFLICT (scope, client_key) DO UPDATE SET "
           "events = CASE WHEN client_limits.window_start <= :e THEN 1 ELSE client_limits.events + 1 END, "
           "window_start = CASE WHEN client_limits.window_start <= :e2 THEN excluded.window_start "
           "ELSE client_limits.window_start END, "
           "last_at = CASE WHEN client_limits.last_at > excluded.last_at THEN client_limits.last_at ELSE excluded.last_at END",
        soci::use(scope), soci::use(key), soci::use(at), soci::use(at), soci::use(started_before),
        soci::use(started_before);
}

void forget_limit_key(soci::session& sql, const std::string& secret, const limited_key& k) {
    std::string key = stored_key(secret, k);
    sql << "DELETE FROM client_limits WHERE scope = :s AND client_key = :k", soci::use(k.rule.scope), soci::use(key);
}

void give_back_limit_event(soci::session& sql, const std::string& secret, const limited_key& k,
                           const std::string& counted_at) {
    std::string key = stored_key(secret, k);
    sql << "UPDATE client_limits SET events = events - 1 WHERE scope = :s AND client_key = :k AND events > 0 "
           "AND window_start <= :t",
        soci::use(k.rule.scope), soci::use(key), soci::use(counted_at);
    sql << "DELETE FROM client_limits WHERE scope = :s AND client_key = :k AND events <= 0", soci::use(k.rule.scope),
        soci::use(key);
}

}  // namespace colloq::store
