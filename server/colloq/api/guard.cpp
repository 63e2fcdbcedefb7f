#include "colloq/api/guard.hpp"

#include <chrono>
#include <mutex>
#include <unordered_map>

#include "colloq/api/json_io.hpp"
#include "colloq/auth/credential_check.hpp"
#include "colloq/crypto/secrets.hpp"
#include "colloq/domain/time.hpp"

namespace colloq::api {

namespace {

bool role_allowed(const std::string& role, access need) {
    switch (need) {
        case access::staff: return role == "admin" || role == "partner";
        case access::door: return role == "admin" || role == "door";
        case access::admin: return role == "admin";
        case access::any: return true;
    }
    return false;
}

bool changes_state(const std::string& method) { return method != "GET" && method != "HEAD"; }

// A session or API token is "<id>.<secret>"; the database keeps the hash of the secret.
struct split_token {
    long long id = 0;
    std::string secret;
};

std::optional<split_token> split(const std::string& token) {
    auto dot = token.find('.');
    if (dot == std::string::npos || dot == 0 || dot > 18 || token.size() > 200) return std::nullopt;
    split_token out;
    for (std::size_t i = 0; i < dot; ++i) {
        if (token[i] < '0' || token[i] > '9') return std::nullopt;
        out.id = out.id * 10 + (token[i] - '0');
    }
    out.secret = token.substr(dot + 1);
    if (out.secret.empty()) return std::nullopt;
    return out;
}

// API tokens read recently, each with the credentials mark seen before it was read (see
// store/credentials_stamp.hpp): an entry serves only while the mark is unchanged, so a token
// revoked or an account disabled by `colloq` is refused on the next request, and never longer
// than cached_token_seconds. A scanner script sends many requests a second with one token.
class token_cache {
public:
    using clock = std::chrono::steady_clock;
    std::optional<store::credential> find(long long id, const store::stamp_identity& mark) {
        std::lock_guard lock(mutex_);
        auto it = entries_.find(id);
        if (it == entries_.end() || !(it->second.mark == mark) || clock::now() > it->second.until) return std::nullopt;
        return it->second.value;
    }
    void remember(long long id, const store::credential& c, const store::stamp_identity& mark) {
        std::lock_guard lock(mutex_);
        if (entries_.size() >= max_entries) entries_.clear();
        entries_[id] = {c, mark, clock::now() + std::chrono::seconds(store::cached_token_seconds)};
    }

private:
    static constexpr std::size_t max_entries = 10000;
    struct entry {
        store::credential value;
        store::stamp_identity mark;
        clock::time_point until;
    };
    std::mutex mutex_;
    std::unordered_map<long long, entry> entries_;
};

token_cache& recent_tokens() {
    static token_cache cache;
    return cache;
}

// When each API token was last used is written at most once a minute, not on every request.
auth::token_use_throttle& token_uses() {
    static auth::token_use_throttle throttle;
    return throttle;
}

response unauthenticated() {
    return json_error(401, "unauthenticated", "Connectez-vous à l'espace organisateurs pour continuer.");
}

}  // namespace

std::string session_cookie_name(const config::config& cfg) {
    return cfg.server.public_url.rfind("https://", 0) == 0 ? "__Host-colloq_session" : "colloq_session";
}

std::string session_cookie(const config::config& cfg, const std::string& value, int max_age_seconds) {
    std::string cookie = session_cookie_name(cfg) + "=" + value + "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" +
                         std::to_string(max_age_seconds);
    if (cfg.server.public_url.rfind("https://", 0) == 0) cookie += "; Secure";
    return cookie;
}

std::optional<std::string> cookie_value(const request& req, const std::string& name) {
    std::string header = req.header("cookie");
    std::size_t pos = 0;
    while (pos < header.size()) {
        auto end = header.find(';', pos);
        if (end == std::string::npos) end = header.size();
        std::string_view pair(header.data() + pos, end - pos);
        while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
        if (pair.size() > name.size() && pair.substr(0, name.size()) == name && pair[name.size()] == '=')
            return std::string(pair.substr(name.size() + 1));
        pos = end + 1;
    }
    return std::nullopt;
}

std::optional<std::string> partner_scope(const principal& p) {
    if (p.role == "partner") return p.partner;
    return std::nullopt;
}

bool may_see(const principal& p, const domain::registration& r) {
    auto scope = partner_scope(p);
    return !scope || (r.partner && *r.partner == *scope);
}

void with_principal(services& s, request& req, responder respond, access need,
                    std::function<void(const principal&)> then) {
    std::string token;
    bool via_session = false;
    std::string authorization = req.header("authorization");
    if (authorization.rfind("Bearer ", 0) == 0) {
        token = authorization.substr(7);
    } else if (auto cookie = cookie_value(req, session_cookie_name(s.cfg))) {
        token = *cookie;
        via_session = true;
    }
    auto parts = split(token);
    if (!parts) return respond(unauthenticated());
    std::string csrf = req.header("x-csrf-token");
    bool needs_csrf = via_session && changes_state(req.method);
    auto kind = via_session ? store::store::credential_kind::session : store::store::credential_kind::api_token;
    auto check = [=, &s, secret = parts->secret, then = std::move(then)](const std::optional<store::credential>& c) {
        auto now = domain::now();
        if (!c || !crypto::hashes_equal(c->token_hash, crypto::hash_token(secret)) ||
            !auth::still_valid(*c, domain::format_utc(now)))
            return respond(unauthenticated());
        if (!role_allowed(c->staff.role, need))
            return respond(json_error(403, "forbidden", "Votre compte n'a pas accès à cette fonction."));
        if (needs_csrf && (csrf.empty() || !crypto::hashes_equal(c->csrf_hash, crypto::hash_token(csrf))))
            return respond(json_error(403, "forbidden",
                                      "Jeton anti-falsification (X-CSRF-Token) absent ou invalide : rechargez la page."));
        if (!via_session && token_uses().should_record(c->id, c->last_used_at, now)) s.db.record_token_use(c->id);
        principal p{c->staff.id, c->staff.email, c->staff.role, c->staff.partner,
                    via_session ? std::optional(c->id) : std::nullopt};
        then(p);
    };
    // Sessions are read on every request; API tokens too unless read since the last change of
    // the credentials mark. The mark is taken before the read: a revocation committed while the
    // read runs changes it, and the entry kept from that read is not used.
    std::optional<store::stamp_identity> mark;
    if (!via_session) {
        mark = s.db.credentials_mark();
        if (mark)
            if (auto known = recent_tokens().find(parts->id, *mark)) return check(known);
    }
    s.db.find_credential(kind, parts->id, [=, check = std::move(check)](store::credential_reply reply) {
        if (reply.failed)
            return respond(json_error(503, "unavailable", "Le service est momentanément indisponible."));
        if (reply.found && mark) recent_tokens().remember(parts->id, *reply.found, *mark);
        check(reply.found);
    });
}

}  // namespace colloq::api
