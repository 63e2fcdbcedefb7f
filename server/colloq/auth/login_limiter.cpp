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

void login_limiter::failed(const std::string& account, const std::string& address, clock::time_point now) {
    pairs_.add(pair_key(account, address), now);
    addresses_.add(address, now);
    accounts_.add(account, now);
}

void login_limiter::succeeded(const std::string& account, const std::string& address) {
    pairs_.forget(pair_key(account, address));
}

}  // namespace colloq::auth
