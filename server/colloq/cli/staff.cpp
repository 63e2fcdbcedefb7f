// `colloq staff add` and `colloq token create`, and the first admin account made at start-up.
#include <future>
#include <iostream>

#include "colloq/auth/passwords.hpp"
#include "colloq/cli/common.hpp"
#include "colloq/crypto/secrets.hpp"
#include "colloq/domain/validation.hpp"
#include "colloq/store/store.hpp"

namespace colloq::cli {

namespace {

// Calls a store operation and waits for its reply.
template <class Reply, class Call>
Reply wait_for(Call call) {
    std::promise<Reply> promise;
    auto future = promise.get_future();
    call([&promise](Reply r) { promise.set_value(std::move(r)); });
    return future.get();
}

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

int token_create(const global_options& g, const std::string& raw_email) {
    auto cfg = load_config(g);
    crypto::init();
    ensure_data_dir(g);
    auto where = database(g);
    migrate(where);
    store::store db(where, cfg, 1);
    std::string email = domain::normalise_email(raw_email);
    auto staff = wait_for<store::staff_reply>([&](auto done) { db.find_staff(email, std::move(done)); });
    if (staff.failed) throw failure("the database did not answer");
    if (!staff.found) throw failure("no staff account with the email " + email + " (create it with: colloq staff add)");
    std::string secret = crypto::random_token(32);
    auto reply = wait_for<store::id_reply>(
        [&](auto done) { db.add_api_token(staff.found->id, crypto::hash_token(secret), std::move(done)); });
    if (reply.failed || !reply.id) throw failure("the database did not answer; no token was created");
    std::cout << *reply.id << "." << secret << "\n";
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
