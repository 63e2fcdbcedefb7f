#include "colloq/auth/login_limiter.hpp"

#include <algorithm>

namespace colloq::auth {

using namespace std::chrono;

namespace {

// The account and the address, which holds no '\n'.
std::string pair_key(const std::string& account, const std::string& address) { return address + "\n" + account; }

}  // namespace

seconds login_limiter::retry_after(const std::string& account, const std::string& address, clock::time_point now) {
    return std::max({pairs_.retry_after(pair_key(account, address), now), addresses_.retry_after(address, now),
                     accounts_.retry_after(account, now)});
}

seconds login_limiter::take(const std::string& account, const std::string& address, clock::time_point now) {
    std::lock_guard lock(taking_);
    if (auto wait = retry_after(account, address, now); wait.count() > 0) return wait;
    failed(account, address, now);
    return seconds(0);
}

void login_limiter::give_back(const std::string& account, const std::string& address, clock::time_point taken_at) {
    pairs_.give_back(pair_key(account, address), taken_at);
    addresses_.give_back(address, taken_at);
    accounts_.give_back(account, taken_at);
}

void login_limiter::failed(const std::string& account, const std::string& address, clock::time_point now) {
    pairs_.add(pair_key(account, address), now);
    addresses_.add(address, now);
    accounts_.add(account, now);
}

void login_limiter::succeeded(const std::string& account, const std::string& address, clock::time_point taken_at) {
    pairs_.forget(pair_key(account, address));
    addresses_.give_back(address, taken_at);
    accounts_.give_back(account, taken_at);
}

}  // namespace colloq::auth
