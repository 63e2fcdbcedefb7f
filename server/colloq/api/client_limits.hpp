#pragma once
// The limits per client, counted by this server alone (in memory) or, when servers share the
// database, in the database so that a client spread over them meets one budget.
#include <chrono>
#include <functional>
#include <string>

#include "colloq/store/client_limits.hpp"

namespace colloq::api {

struct services;

// A login attempt reserved under auth::login_limiter's rules before its password is hashed: it
// counts as a failure unless given back.
struct login_attempt {
    std::string account, address;
    std::chrono::steady_clock::time_point taken_at;  // in memory
    std::string counted_at;                          // in the database
};
struct login_reservation {
    bool unavailable = false;    // the database out of reach: nothing reserved
    std::chrono::seconds wait{0};  // past a limit: nothing reserved
    login_attempt attempt;
};
void reserve_login(services& s, const std::string& account, const std::string& address,
                   std::function<void(login_reservation)> done);
// The password was not checked after all (the server was busy).
void login_unchecked(services& s, const login_attempt& a);
void login_succeeded(services& s, const login_attempt& a);

// The public's new registrations per client address and hour, for the database.
store::limited_key registration_limit(const services& s, const std::string& address);

}  // namespace colloq::api
