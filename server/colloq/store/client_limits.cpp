#include "colloq/store/client_limits.hpp"

#include <algorithm>
#include <map>
#include <mutex>
#include <optional>

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

seconds limit_wait(soci::session& sql, const limited_key& k, domain::clock_time now) {
    auto c = find(sql, k.rule.scope, crypto::hash_token(k.key));
    if (!c || expired(*c, k.rule, now) || c->events < k.rule.limit) return seconds(0);
    auto until = std::min(c->start + k.rule.window, c->last + std::min(k.rule.hold, k.rule.window));
    return until <= now ? seconds(0) : ceil<seconds>(until - now);
}

void count_limit_event(soci::session& sql, const limited_key& k, domain::clock_time now) {
    const std::string& scope = k.rule.scope;
    if (time_to_trim(k.rule)) trim(sql, k, now);
    std::string key = crypto::hash_token(k.key), at = domain::format_utc(now);
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

void forget_limit_key(soci::session& sql, const limited_key& k) {
    std::string key = crypto::hash_token(k.key);
    sql << "DELETE FROM client_limits WHERE scope = :s AND client_key = :k", soci::use(k.rule.scope), soci::use(key);
}

}  // namespace colloq::store
