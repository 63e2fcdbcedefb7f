#include "colloq/api/registering.hpp"

#include "colloq/domain/time.hpp"

namespace colloq::api {

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
               domain::french_date_time(*e.registration_opens_at) + ".";
    return "Les inscriptions sont closes pour ce colloque. Pour toute question, écrivez à " +
           e.contact_email + ".";
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

void register_applicant(services& s, domain::applicant a, std::function<void(registering_outcome)> done) {
    registering_outcome out;
    if (!registration_open(s.cfg)) {
        out.result = registering_outcome::closed;
        out.message = closed_message(s.cfg);
        return done(std::move(out));
    }
    out.errors = domain::validate_all(a, s.cfg);
    if (!out.errors.empty()) {
        out.result = registering_outcome::invalid;
        return done(std::move(out));
    }
    const config::config& cfg = s.cfg;
    s.db.register_applicant(std::move(a), [&cfg, done = std::move(done)](store::register_reply reply) {
        registering_outcome out;
        if (reply.failed) {
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
    });
}

void register_from_public(services& s, const std::string& address, domain::applicant a,
                          std::function<void(registering_outcome)> done) {
    auto taken_at = auth::key_limiter::clock::now();
    if (auto wait = s.registrations_by_address.take(address, taken_at); wait.count() > 0) {
        registering_outcome out;
        out.result = registering_outcome::rate_limited;
        out.retry_after = wait.count();
        long long minutes = (wait.count() + 59) / 60;
        out.message = "Trop d'inscriptions depuis cette adresse. Réessayez dans " + std::to_string(minutes) +
                      (minutes > 1 ? "\u00A0minutes." : "\u00A0minute.");
        return done(std::move(out));
    }
    register_applicant(s, std::move(a), [&s, address, taken_at, done = std::move(done)](registering_outcome out) {
        if (out.result != registering_outcome::registered) s.registrations_by_address.give_back(address, taken_at);
        done(std::move(out));
    });
}

}  // namespace colloq::api
