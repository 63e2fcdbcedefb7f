#include "colloq/api/registering.hpp"

#include "colloq/api/client_limits.hpp"
#include "colloq/domain/time.hpp"

namespace colloq::api {

int http_status(registering_outcome::kind k) {
    switch (k) {
        case registering_outcome::registered: return 201;
        case registering_outcome::invalid: return 422;
        case registering_outcome::already_registered: return 409;
        case registering_outcome::full: return 409;
        case registering_outcome::closed: return 403;
        case registering_outcome::forbidden: return 403;
        case registering_outcome::rate_limited: return 429;
        case registering_outcome::unavailable: return 503;
    }
    return 503;
}

const char* error_code(registering_outcome::kind k) {
    switch (k) {
        case registering_outcome::registered: return "";
        case registering_outcome::invalid: return "invalid";
        case registering_outcome::already_registered: return "already_registered";
        case registering_outcome::full: return "full";
        case registering_outcome::closed: return "registration_closed";
        case registering_outcome::forbidden: return "forbidden";
        case registering_outcome::rate_limited: return "rate_limited";
        case registering_outcome::unavailable: return "unavailable";
    }
    return "unavailable";
}

bool registration_open(const config::config& cfg) {
    auto now = domain::now();
    const auto& e = cfg.event;
    if (e.registration_opens_at && now < e.registration_opens_at->utc) return false;
    if (e.registration_closes_at && now >= e.registration_closes_at->utc) return false;
    return true;
}

std::string closed_message(const config::config& cfg) {
    const auto& e = cfg.event;
    if (e.registration_opens_at && domain::now() < e.registration_opens_at->utc)
        return "Les inscriptions ne sont pas encore ouvertes. Elles ouvriront le " +
               domain::french_date_time(domain::in_offset_of(e.starts_at, e.registration_opens_at->utc)) + ".";
    return "Les inscriptions sont closes pour ce colloque. Pour toute question, écrivez à " +
           e.contact_email + ".";
}

std::optional<long long> parse_registration_id(const std::string& text) {
    if (text.empty() || text.size() > 18) return std::nullopt;
    long long id = 0;
    for (char c : text) {
        if (c < '0' || c > '9') return std::nullopt;
        id = id * 10 + (c - '0');
    }
    return id;
}

bool plausible_token(const std::string& token) {
    if (token.empty() || token.size() > 128) return false;
    for (char c : token)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.') return false;
    return true;
}

std::string manage_url(const config::config& cfg, const std::string& token) {
    return cfg.server.public_url + "/m/" + token;
}

namespace {

registering_outcome refused(registering_outcome::kind kind, std::string message) {
    registering_outcome out;
    out.result = kind;
    out.message = std::move(message);
    return out;
}

registering_outcome rate_limited(long long wait_seconds) {
    long long minutes = (wait_seconds + 59) / 60;
    registering_outcome out = refused(registering_outcome::rate_limited,
                                      "Trop d'inscriptions depuis cette adresse. Réessayez dans " +
                                          std::to_string(minutes) + (minutes > 1 ? "\u00A0minutes." : "\u00A0minute."));
    out.retry_after = wait_seconds;
    return out;
}

// register_applicant, with the client's limit counted in the registration's transaction.
void register_limited(services& s, domain::applicant a, std::function<void(registering_outcome)> done,
                      std::optional<store::store::registration_options> by, std::optional<store::limited_key> limited_by) {
    bool guest = by && by->guest;
    if (!guest && !registration_open(s.cfg))
        return done(refused(registering_outcome::closed, closed_message(s.cfg)));
    store::store::registration_options how = by.value_or(store::store::registration_options{});
    how.limited_by = std::move(limited_by);
    // Once the venue has the list, a public sign-up follows [security_list] after_due.
    if (!by && s.cfg.security_list && s.db.security_marks_of().version() > 0) {
        using policy = config::security_list_settings::after_due_policy;
        if (s.cfg.security_list->after_due == policy::close)
            return done(refused(registering_outcome::closed,
                                "La liste nominative des participants a déjà été transmise pour le contrôle "
                                "d'accès (" + s.cfg.security_list->recipient + ") : les inscriptions sont closes. "
                                "Pour toute question, écrivez à " + s.cfg.event.contact_email + "."));
        how.waitlist_only = s.cfg.security_list->after_due == policy::waitlist;
    }
    registering_outcome out;
    out.errors = domain::validate_all(a, s.cfg);
    if (!out.errors.empty()) {
        out.result = registering_outcome::invalid;
        return done(std::move(out));
    }
    const config::config& cfg = s.cfg;
    auto stored = [&cfg, done = std::move(done)](store::register_reply reply) {
        registering_outcome out;
        if (reply.full) {
            out.result = registering_outcome::full;
            out.message = "Le colloque est complet : plus aucune place n'est libre, même pour un invité. "
                          "Annulez une inscription ou augmentez la capacité avant de réessayer.";
        } else if (reply.retry_after > 0) {
            out = rate_limited(reply.retry_after);
        } else if (reply.failed) {
            out.result = registering_outcome::unavailable;
            out.message = "Votre inscription n'a pas pu être enregistrée à cause d'un incident technique. "
                          "Réessayez dans quelques instants.";
        } else if (reply.already_registered) {
            out.result = registering_outcome::already_registered;
            out.message = "Cette adresse e-mail est déjà inscrite à ce colloque. Nous venons de vous "
                          "renvoyer par e-mail le lien pour gérer votre inscription.";
        } else {
            out.result = registering_outcome::registered;
            out.reg = std::move(reply.reg);
            out.manage_url = manage_url(cfg, reply.manage_token);
        }
        done(std::move(out));
    };
    s.db.register_applicant(std::move(a), how, std::move(stored));
}

}  // namespace

void register_applicant(services& s, domain::applicant a, std::function<void(registering_outcome)> done,
                        std::optional<store::store::registration_options> by) {
    register_limited(s, std::move(a), std::move(done), std::move(by), std::nullopt);
}

void register_from_public(services& s, const std::string& address, domain::applicant a,
                          std::function<void(registering_outcome)> done,
                          std::optional<store::store::registration_options> by) {
    // Servers sharing the database count in it, in the registration's transaction.
    if (s.db.shared()) return register_limited(s, std::move(a), std::move(done), by, registration_limit(s, address));
    auto taken_at = auth::key_limiter::clock::now();
    if (auto wait = s.registrations_by_address.take(address, taken_at); wait.count() > 0)
        return done(rate_limited(wait.count()));
    register_applicant(
        s, std::move(a),
        [&s, address, taken_at, done = std::move(done)](registering_outcome out) {
            if (out.result != registering_outcome::registered) s.registrations_by_address.give_back(address, taken_at);
            done(std::move(out));
        },
        by);
}

void register_by_staff(services& s, const principal& by, const std::string& address, staff_registration r,
                       std::function<void(registering_outcome)> done) {
    domain::applicant& a = r.applicant;
    if (auto own = partner_scope(by)) {
        if (r.guest)
            return done(refused(registering_outcome::forbidden,
                                "Seul un administrateur peut inscrire un invité de l'organisateur."));
        if (a.partner && *a.partner != *own)
            return done(refused(registering_outcome::forbidden,
                                "Vous ne pouvez inscrire des personnes que pour votre association."));
        a.partner = *own;
    }
    a.consent = true;
    store::store::registration_options made{by.staff_id, r.send_email, r.guest};
    if (r.guest) return register_applicant(s, std::move(a), std::move(done), made);
    register_from_public(s, address, std::move(a), std::move(done), made);
}

}  // namespace colloq::api
