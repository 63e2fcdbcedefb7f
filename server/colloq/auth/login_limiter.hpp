#pragma once
// Counts failed logins and says when to refuse (429) before any password is checked.
// Limits: per account from one address (tight), per address (any account), and per account
// from everywhere (loose, and short), so that an attacker cannot lock a real user out for long.
#include <chrono>
#include <deque>
#include <map>
#include <mutex>
#include <string>

namespace colloq::auth {

class login_limiter {
public:
    using clock = std::chrono::steady_clock;

    // When the caller must wait (zero: may try now).
    std::chrono::seconds retry_after(const std::string& account, const std::string& address, clock::time_point now = clock::now());
    void failed(const std::string& account, const std::string& address, clock::time_point now = clock::now());
    void succeeded(const std::string& account, const std::string& address);

    static constexpr int per_account_and_address = 5;
    static constexpr int per_address = 20;
    static constexpr int per_account = 50;
    static constexpr std::chrono::minutes window{15};

private:
    std::chrono::seconds wait_for(std::deque<clock::time_point>& failures, int limit, clock::time_point now);

    std::mutex mutex_;
    std::map<std::string, std::deque<clock::time_point>> failures_;
};

}  // namespace colloq::auth
