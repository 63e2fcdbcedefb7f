#pragma once
// The limits per client, counted by this server alone (in memory) or, when servers share the
// database, in the database so that a client spread over them meets one budget.
#include <chrono>
#include <functional>
#include <string>

#include "colloq/store/client_limits.hpp"

namespace colloq::api {

struct services;

// Failed logins (auth::login_limiter's rules). `done` gets the wait, zero when the login may go on.
void login_wait(services& s, const std::string& account, const std::string& address,
                std::function<void(std::chrono::seconds)> done);
// `then` runs once the failure is counted, so that the next attempt sees it.
void login_failed(services& s, const std::string& account, const std::string& address, std::function<void()> then);
void login_succeeded(services& s, const std::string& account, const std::string& address);

// The public's new registrations per client address and hour, for the database.
store::limited_key registration_limit(const services& s, const std::string& address);

}  // namespace colloq::api
