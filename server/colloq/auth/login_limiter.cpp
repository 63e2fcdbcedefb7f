#include "colloq/auth/login_limiter.hpp"

#include <algorithm>

namespace colloq::auth {

using namespace std::chrono;

seconds login_limiter::wait_for(std::deque<clock::time_point>& failures, int limit, clock::time_point now) {
    while (!failures.empty() && failures.front() <= now - window) failures.pop_front();
    if (static_cast<int>(failures.size()) < limit) return seconds(0);
    // Free again when the oldest failure that counts leaves the window.
    return duration_cast<seconds>(failures[failures.size() - limit] + window - now) + seconds(1);
}

seconds login_limiter::retry_after(const std::string& account, const std::string& address, clock::time_point now) {
    std::lock_guard lock(mutex_);
    seconds wait = std::max({wait_for(failures_["p:" + account + "|" + address], per_account_and_address, now),
                             wait_for(failures_["a:" + address], per_address, now)});
    // Against one account from many addresses, refuse for a minute at most.
    return std::max(wait, std::min(wait_for(failures_["u:" + account], per_account, now), seconds(60)));
}

void login_limiter::failed(const std::string& account, const std::string& address, clock::time_point now) {
    std::lock_guard lock(mutex_);
    for (auto key : {"p:" + account + "|" + address, "a:" + address, "u:" + account}) failures_[key].push_back(now);
    if (failures_.size() > 100000) {  // forget quiet keys so memory stays bounded
        for (auto it = failures_.begin(); it != failures_.end();)
            it = it->second.empty() || it->second.back() <= now - window ? failures_.erase(it) : std::next(it);
    }
}

void login_limiter::succeeded(const std::string& account, const std::string& address) {
    std::lock_guard lock(mutex_);
    failures_.erase("p:" + account + "|" + address);
}

}  // namespace colloq::auth
