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

void reserve_login(services& s, const std::string& account, const std::string& address,
                   std::function<void(login_reservation)> done) {
    login_reservation r;
    r.attempt = {account, address, login_limiter::clock::now(), {}};
    if (!s.db.shared()) {
        r.wait = s.limiter.take(account, address, r.attempt.taken_at);
        return done(std::move(r));
    }
    s.db.take_limit_events(login_limits(account, address),
                           [r = std::move(r), done = std::move(done)](store::wait_reply reply) mutable {
                               r.unavailable = reply.failed;
                               r.wait = seconds(reply.seconds);
                               r.attempt.counted_at = std::move(reply.counted_at);
                               done(std::move(r));
                           });
}

void login_unchecked(services& s, const login_attempt& a) {
    if (!s.db.shared()) return s.limiter.give_back(a.account, a.address, a.taken_at);
    s.db.give_back_limit_events(login_limits(a.account, a.address), a.counted_at, {}, [](bool) {});
}

void login_succeeded(services& s, const login_attempt& a) {
    if (!s.db.shared()) return s.limiter.succeeded(a.account, a.address, a.taken_at);
    auto limits = login_limits(a.account, a.address);
    store::limited_key pair = limits.front();
    limits.erase(limits.begin());
    s.db.give_back_limit_events(std::move(limits), a.counted_at, {std::move(pair)}, [](bool) {});
}

store::limited_key registration_limit(const services& s, const std::string& address) {
    return {{"registrations_by_address", s.cfg.limits.registrations_per_address, hours(1), seconds::max(),
             max_registering_addresses},
            address};
}

}  // namespace colloq::api
