#pragma once
// Counts logins and says when to refuse (429) before any password is checked. An attempt is
// reserved before its password is hashed and given back if it succeeds, so that a burst of
// concurrent attempts hashes no more passwords than the limits allow.
// Limits: per account from one address (tight), per address (any account), and per account
// from everywhere (loose, and short: refused for a minute at most after the failures stop),
// so that an attacker cannot lock a real user out for long. Only attempts add keys, and each
// table has a hard bound on its keys (key_limiter).
#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>

#include "colloq/auth/key_limiter.hpp"

namespace colloq::auth {

class login_limiter {
public:
    using clock = key_limiter::clock;

    // When the caller must wait (zero: may try now). Adds nothing.
    std::chrono::seconds retry_after(const std::string& account, const std::string& address, clock::time_point now = clock::now());
    // Reserves one attempt under every limit and returns zero, or returns the wait and reserves
    // nothing. A reserved attempt counts as failed unless given back.
    std::chrono::seconds take(const std::string& account, const std::string& address, clock::time_point now = clock::now());
    // An attempt taken at `taken_at` whose password was not checked (the server was busy).
    void give_back(const std::string& account, const std::string& address, clock::time_point taken_at);
    // The attempt taken at `taken_at` was right: the account's failures from this address are
    // forgotten, and the attempt no longer counts against the address or the account.
    void succeeded(const std::string& account, const std::string& address, clock::time_point taken_at);
    // Counts one failure whatever the counts (an attempt that was not taken).
    void failed(const std::string& account, const std::string& address, clock::time_point now = clock::now());

    static constexpr int per_account_and_address = 5;
    static constexpr int per_address = 20;
    static constexpr int per_account = 50;
    static constexpr std::chrono::minutes window{15};
    static constexpr std::chrono::seconds account_hold{60};  // the longest account-wide refusal after the last failure
    static constexpr std::size_t max_keys = 10000;           // per table

    std::size_t size() const { return pairs_.size() + addresses_.size() + accounts_.size(); }

private:
    std::mutex taking_;  // a take checks all three tables, then counts in all three
    key_limiter pairs_{per_account_and_address, window, max_keys};
    key_limiter addresses_{per_address, window, max_keys};
    key_limiter accounts_{per_account, window, max_keys, account_hold};
};

}  // namespace colloq::auth
