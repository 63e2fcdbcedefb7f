#include "colloq/api/client_limits.hpp"

#include <vector>

#include "colloq/api/services.hpp"

namespace colloq::api {

using namespace std::chrono;
using auth::login_limiter;

namespace {

store::limit_rule login_rule(std::string scope, int limit, seconds hold = seconds::max()) {
    return {std::move(scope), limit, duration_cast<seconds>(login_limiter::window), hold, login_limiter::max_keys};
}

store::limited_key pair_limit(const std::string& account, const std::string& address) {
    static const store::limit_rule rule = login_rule("login_pair", login_limiter::per_account_and_address);
    return {rule, address + "\n" + account};
}

std::vector<store::limited_key> login_limits(const std::string& account, const std::string& address) {
    static const store::limit_rule by_address = login_rule("login_address", login_limiter::per_address);
    static const store::limit_rule by_account =
        login_rule("login_account", login_limiter::per_account, login_limiter::account_hold);
    return {pair_limit(account, address), {by_address, address}, {by_account, account}};
}

}  // namespace

void login_wait(services& s, const std::string& account, const std::string& address,
                std::function<void(seconds)> done) {
    if (!s.db.shared()) return done(s.limiter.retry_after(account, address));
    s.db.limit_wait(login_limits(account, address), [done = std::move(done)](store::wait_reply reply) {
        // The database out of reach: the account's lookup that follows fails with 503 too.
        done(seconds(reply.failed ? 0 : reply.seconds));
    });
}

void login_failed(services& s, const std::string& account, const std::string& address, std::function<void()> then) {
    if (!s.db.shared()) {
        s.limiter.failed(account, address);
        return then();
    }
    s.db.record_limit_events(login_limits(account, address), {}, [then = std::move(then)](bool) { then(); });
}

void login_succeeded(services& s, const std::string& account, const std::string& address) {
    if (!s.db.shared()) return s.limiter.succeeded(account, address);
    s.db.record_limit_events({}, {pair_limit(account, address)}, [](bool) {});
}

store::limited_key registration_limit(const services& s, const std::string& address) {
    return {{"registrations_by_address", s.cfg.limits.registrations_per_address, hours(1), seconds::max(),
             max_registering_addresses},
            address};
}

}  // namespace colloq::api
