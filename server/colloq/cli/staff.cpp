// `colloq staff add|list|disable|enable`, and the first admin account made at start-up.
#include <iostream>

#include "colloq/auth/passwords.hpp"
#include "colloq/cli/store_calls.hpp"
#include "colloq/crypto/secrets.hpp"
#include "colloq/domain/validation.hpp"

namespace colloq::cli {

namespace {

std::string read_password_from_stdin() {
    std::string password;
    std::getline(std::cin, password);
    if (!password.empty() && password.back() == '\r') password.pop_back();
    return password;
}

// Creates the account; returns the password it was given.
std::string create_staff(store::store& db, const std::string& email, const std::string& role,
                         const std::string& partner, std::string password) {
    if (password.empty()) password = auth::generate_password();
    store::staff_member member{0, email, role, partner, auth::hash_password(password)};
    auto reply = wait_for<store::id_reply>([&](auto done) { db.add_staff(member, std::move(done)); });
    if (reply.failed) throw failure("the database did not answer; nothing was created");
    if (!reply.id) throw failure("a staff account with the email " + email + " already exists");
    return password;
}

}  // namespace

int staff_add(const global_options& g, const std::string& raw_email, const std::string& role,
              const std::string& partner, bool password_stdin) {
    auto cfg = load_config(g);
    std::string email = domain::normalise_email(raw_email);
    if (!domain::is_valid_email(email)) throw usage_error("--email: not a valid e-mail address");
    if (role == "partner" && !cfg.find_partner(partner))
        throw usage_error("--partner: role partner needs the slug of a configured partner (see [[partners]])");
    if (role != "partner" && !partner.empty()) throw usage_error("--partner goes with --role partner only");
    std::string password;
    if (password_stdin) {
        password = read_password_from_stdin();
        if (password.size() < auth::min_password_length)
            throw failure("the password must have at least " + std::to_string(auth::min_password_length) + " characters");
    }
    crypto::init();
    ensure_data_dir(g);
    auto where = database(g);
    migrate(where);
    store::store db(where, cfg, 1);
    std::string given = create_staff(db, email, role, partner, password);
    std::cerr << "colloq: staff account " << email << " (" << role << (partner.empty() ? "" : ", " + partner)
              << ") created\n";
    if (!password_stdin) std::cout << given << "\n";
    return 0;
}

std::unique_ptr<store::store> open_store(const global_options& g, const config::config& cfg) {
    crypto::init();
    ensure_data_dir(g);
    auto where = database(g);
    migrate(where);
    return std::make_unique<store::store>(where, cfg, 1);
}

int staff_list(const global_options& g) {
    auto cfg = load_config(g);
    auto db = open_store(g, cfg);
    auto reply = wait_for<store::staff_list_reply>([&](auto done) { db->list_staff(std::move(done)); });
    if (reply.failed) throw failure("the database did not answer");
    for (const auto& s : reply.staff)
        std::cout << s.email << '\t' << s.role << '\t' << (s.partner.empty() ? "-" : s.partner) << '\t'
                  << (s.disabled ? "disabled" : "enabled") << '\n';
    return 0;
}

int staff_set_disabled(const global_options& g, const std::string& raw_email, bool disabled) {
    auto cfg = load_config(g);
    std::string email = domain::normalise_email(raw_email);
    auto db = open_store(g, cfg);
    auto reply = wait_for<store::id_reply>(
        [&](auto done) { db->set_staff_disabled(email, disabled, std::move(done)); });
    if (reply.failed) throw failure("the database did not answer; nothing was changed");
    if (!reply.id) throw failure("no staff account with the email " + email + " (see: colloq staff list)");
    if (disabled)
        std::cerr << "colloq: staff account " << email
                  << " disabled: it can no longer sign in, its sessions are ended and its API tokens revoked\n";
    else
        std::cerr << "colloq: staff account " << email
                  << " enabled: it can sign in again (its revoked tokens stay revoked: colloq token create)\n";
    return 0;
}

std::optional<std::pair<std::string, std::string>> ensure_first_admin(store::store& db, const config::config& cfg) {
    auto count = wait_for<store::id_reply>([&](auto done) { db.count_staff(std::move(done)); });
    if (count.failed) throw failure("the database did not answer while looking for staff accounts");
    if (count.id.value_or(0) > 0) return std::nullopt;
    std::string domain_part = cfg.event.contact_email.substr(cfg.event.contact_email.find('@') + 1);
    std::string email = "admin@" + domain_part;
    return std::pair{email, create_staff(db, email, "admin", "", "")};
}

}  // namespace colloq::cli
