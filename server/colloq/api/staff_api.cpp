// Staff sign-in and the registrations list, scoped by the guard.
#include <algorithm>
#include <cctype>
#include <string_view>

#include <boost/json.hpp>

#include "colloq/api/client_limits.hpp"
#include "colloq/api/filters.hpp"
#include "colloq/api/guard.hpp"
#include "colloq/api/json_io.hpp"
#include "colloq/api/views.hpp"
#include "colloq/auth/passwords.hpp"
#include "colloq/crypto/secrets.hpp"
#include "colloq/domain/time.hpp"
#include "colloq/domain/validation.hpp"

namespace colloq::api {

namespace json = boost::json;

namespace {

constexpr int session_seconds = 12 * 3600;
constexpr std::size_t max_email_bytes = domain::max_email_length;
constexpr std::size_t max_password_bytes = 1024;

response bad_credentials() {
    return json_error(401, "bad_credentials", "Adresse e-mail ou mot de passe incorrect.");
}

response too_many(std::chrono::seconds wait) {
    response r = json_error(429, "too_many_attempts",
                            "Trop de tentatives de connexion. Réessayez dans " +
                                std::to_string((wait.count() + 59) / 60) + "\u00A0minute(s).");
    r.headers.emplace_back("Retry-After", std::to_string(wait.count()));
    return r;
}

response cross_origin() {
    return json_error(403, "forbidden", "La connexion doit se faire depuis la page de connexion de ce site.");
}

// "scheme://host[:port]" in lower case, without the scheme's default port.
std::string canonical_origin(std::string_view scheme, std::string_view authority) {
    std::string out(scheme);
    out += "://";
    out += authority;
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
    struct default_port {
        std::string_view prefix, port;
    };
    for (auto [prefix, port] : {default_port{"http://", ":80"}, default_port{"https://", ":443"}})
        if (out.starts_with(prefix) && out.ends_with(port) && out.size() > prefix.size() + port.size())
            out.erase(out.size() - port.size());
    return out;
}

// The origin of a URL ("https://inscription.example.org/x" gives "https://inscription.example.org").
std::string origin_of_url(std::string_view url) {
    auto colon = url.find("://");
    if (colon == std::string_view::npos) return {};
    auto rest = url.substr(colon + 3);
    return canonical_origin(url.substr(0, colon), rest.substr(0, rest.find_first_of("/?#")));
}

// A browser names the page that sent a request in Origin: a login may come only from this
// server's own pages (its public URL, or the name the request itself was sent to), so another
// site cannot log its visitors in under the attacker's account. Scripts send no Origin.
bool from_own_origin(const services& s, const request& req) {
    auto it = req.headers.find("origin");
    if (it == req.headers.end()) return true;
    const std::string& value = it->second;
    auto colon = value.find("://");
    // "null" (a sandboxed page, a redirect from elsewhere) is no origin of ours; neither is a path.
    if (colon == std::string::npos || value.find_first_of("/?#", colon + 3) != std::string::npos) return false;
    std::string origin = origin_of_url(value);
    if (origin == origin_of_url(s.cfg.server.public_url)) return true;
    std::string host = req.header("host");
    if (host.empty()) return false;
    return origin == canonical_origin(s.cfg.server.tls_cert.empty() ? "http" : "https", host);
}

// Checks the password off the I/O threads, then opens a session.
void sign_in(services& s, responder respond, std::string password, login_attempt attempt,
             std::optional<store::staff_member> member) {
    // An unknown account costs the same hash, so timing does not tell which addresses exist.
    static const std::string unknown_account_hash = auth::hash_password(crypto::random_token(16));
    bool queued = s.hasher.submit([&s, respond, password, attempt, member]() {
        bool ok = auth::verify_password(member ? member->password_hash : unknown_account_hash, password);
        // A disabled account is refused like a wrong password, after the same hash: the answer
        // does not tell that the account exists. The failure was counted when the attempt was reserved.
        if (!ok || !member || member->disabled) return respond(bad_credentials());
        login_succeeded(s, attempt);
        std::string secret = crypto::random_token(32), csrf = crypto::random_token(32);
        std::string expires = domain::format_utc(domain::now() + std::chrono::seconds(session_seconds));
        s.db.add_session(member->id, crypto::hash_token(secret), crypto::hash_token(csrf), expires,
                         [&s, respond, member, secret, csrf](store::id_reply reply) {
                             if (reply.failed || !reply.id) return respond(unavailable());
                             json::object o;
                             o["role"] = member->role;
                             o["partner"] = member->partner.empty() ? json::value(nullptr) : json::value(member->partner);
                             o["csrf_token"] = csrf;
                             response res = json_response(200, o);
                             res.headers.emplace_back(
                                 "Set-Cookie", session_cookie(s.cfg, std::to_string(*reply.id) + "." + secret, session_seconds));
                             respond(std::move(res));
                         });
    });
    if (queued) return;
    login_unchecked(s, attempt);
    respond(json_error(503, "unavailable", "Trop de connexions en cours. Réessayez dans un instant."));
}

}  // namespace

void add_staff_routes(router& r, services& s) {
    r.add("POST", "/api/login", [&s](request& req, responder respond) {
        if (!from_own_origin(s, req)) return respond(cross_origin());
        auto parsed = parse_json_object(req);
        if (parsed.error) return respond(std::move(*parsed.error));
        std::optional<response> error;
        std::string email = domain::normalise_email(text_field(parsed.object, "email", error).value_or(""));
        std::string password = text_field(parsed.object, "password", error).value_or("");
        if (error) return respond(std::move(*error));
        // No account has such an address or password: refused before any lookup, hash or count.
        if (email.empty() || email.size() > max_email_bytes || password.empty() || password.size() > max_password_bytes)
            return respond(bad_credentials());
        // The attempt is counted before the password is hashed: a burst of attempts in flight
        // at once meets the limits as attempts one after another do.
        reserve_login(s, email, req.remote_address, [&s, respond, email, password](login_reservation r) {
            if (r.unavailable) return respond(unavailable());
            if (r.wait.count() > 0) return respond(too_many(r.wait));
            s.db.find_staff(email, [&s, respond, password, attempt = std::move(r.attempt)](store::staff_reply reply) {
                if (reply.failed) {
                    login_unchecked(s, attempt);
                    return respond(unavailable());
                }
                sign_in(s, respond, password, attempt, reply.found);
            });
        });
    });

    r.add("POST", "/api/logout", [&s](request& req, responder respond) {
        with_principal(s, req, respond, access::any, [&s, respond](const principal& p) {
            auto clear = [&s, respond] {
                response res = json_response(200, json::object{{"status", "logged_out"}});
                res.headers.emplace_back("Set-Cookie", session_cookie(s.cfg, "", 0));
                respond(std::move(res));
            };
            if (!p.session_id) return clear();
            s.db.end_session(*p.session_id, [clear, respond](bool ok) {
                if (!ok) return respond(unavailable());
                clear();
            });
        });
    });

    r.add("GET", "/api/registrations", [&s](request& req, responder respond) {
        with_principal(s, req, respond, access::staff, [&s, &req, respond](const principal& p) {
            store::registration_filter filter;
            if (auto error = read_filter(req, s.cfg, filter)) return respond(std::move(*error));
            limit_to_scope(p, filter);
            s.db.list_registrations(filter, [&s, respond](store::list_reply reply) {
                if (reply.failed) return respond(unavailable());
                json::array list;
                list.reserve(reply.registrations.size());
                for (const auto& r : reply.registrations) list.push_back(registration_json(r, s.db.security_marks_of()));
                respond(json_response(200, json::object{{"registrations", std::move(list)}}));
            });
        });
    });
}

}  // namespace colloq::api
