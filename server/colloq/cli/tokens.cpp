// `colloq token create|list|revoke`: API tokens for scripts, shown once, stored hashed.
#include <iostream>

#include "colloq/cli/store_calls.hpp"
#include "colloq/crypto/secrets.hpp"
#include "colloq/domain/time.hpp"
#include "colloq/domain/validation.hpp"

namespace colloq::cli {

namespace {

// The state `colloq token list` shows last.
std::string token_state(const store::api_token_info& t, const std::string& now) {
    if (!t.revoked_at.empty()) return "revoked " + t.revoked_at;
    if (t.expires_at.empty() || t.expires_at <= now) return "expired";
    return "active";
}

}  // namespace

int token_create(const global_options& g, const std::string& raw_email, int days) {
    if (days < min_token_days || days > max_token_days)
        throw usage_error("--days: a token lasts from " + std::to_string(min_token_days) + " to " +
                          std::to_string(max_token_days) + " days (10 years); " + std::to_string(days) +
                          " is out of range");
    auto cfg = load_config(g);
    auto db = open_store(g, cfg);
    std::string email = domain::normalise_email(raw_email);
    auto staff = wait_for<store::staff_reply>([&](auto done) { db->find_staff(email, std::move(done)); });
    if (staff.failed) throw failure("the database did not answer");
    if (!staff.found) throw failure("no staff account with the email " + email + " (create it with: colloq staff add)");
    if (staff.found->disabled)
        throw failure("the staff account " + email +
                      " is disabled; no token was created (enable it first: colloq staff enable --email " + email + ")");
    std::string secret = crypto::random_token(32);
    std::string expires = domain::format_utc(domain::now() + std::chrono::days(days));
    auto reply = wait_for<store::id_reply>([&](auto done) {
        db->add_api_token(staff.found->id, crypto::hash_token(secret), expires, std::move(done));
    });
    if (reply.failed || !reply.id) throw failure("the database did not answer; no token was created");
    std::cerr << "colloq: token " << *reply.id << " for " << email << ", valid until " << expires
              << " (shown once; revoke it with: colloq token revoke --id " << *reply.id << ")\n";
    std::cout << *reply.id << "." << secret << "\n";
    return 0;
}

int token_list(const global_options& g, const std::string& raw_email) {
    auto cfg = load_config(g);
    auto db = open_store(g, cfg);
    std::string email = raw_email.empty() ? "" : domain::normalise_email(raw_email);
    auto reply = wait_for<store::token_list_reply>([&](auto done) { db->list_api_tokens(email, std::move(done)); });
    if (reply.failed) throw failure("the database did not answer");
    std::string now = domain::format_utc(domain::now());
    for (const auto& t : reply.tokens)
        std::cout << t.id << '\t' << t.email << '\t' << t.created_at << '\t' << (t.expires_at.empty() ? "-" : t.expires_at)
                  << '\t' << (t.last_used_at.empty() ? "never" : t.last_used_at) << '\t' << token_state(t, now) << '\n';
    return 0;
}

int token_revoke(const global_options& g, long long id) {
    auto cfg = load_config(g);
    auto db = open_store(g, cfg);
    auto reply = wait_for<store::revoke_reply>([&](auto done) { db->revoke_api_token(id, std::move(done)); });
    if (reply.failed) throw failure("the database did not answer; nothing was changed");
    switch (reply.outcome) {
        case store::revoke_outcome::unknown:
            throw failure("no token with the id " + std::to_string(id) + " (see: colloq token list)");
        case store::revoke_outcome::already_revoked:
            std::cerr << "colloq: token " << id << " was already revoked\n";
            break;
        case store::revoke_outcome::revoked:
            std::cerr << "colloq: token " << id << " revoked; it is refused from now on\n";
            break;
    }
    return 0;
}

}  // namespace colloq::cli
