#include "colloq/auth/credential_check.hpp"

#include <iterator>

namespace colloq::auth {

bool still_valid(const store::credential& c, const std::string& now) {
    // No expiry at all is no credential colloq made: refused rather than kept forever.
    return !c.revoked && !c.staff.disabled && !c.expires_at.empty() && c.expires_at > now;
}

token_use_throttle::token_use_throttle(std::chrono::seconds interval, std::size_t max_tokens)
    : interval_(interval), max_tokens_(max_tokens) {}

bool token_use_throttle::should_record(long long token_id, const std::string& stored_last_used,
                                       domain::clock_time now) {
    if (!stored_last_used.empty())
        if (auto last = domain::parse_rfc3339(stored_last_used); last && now - last->utc < interval_) return false;
    std::lock_guard lock(mutex_);
    auto it = written_.find(token_id);
    if (it != written_.end()) {
        if (now - it->second < interval_) return false;
        it->second = now;
        return true;
    }
    if (written_.size() >= max_tokens_) {
        // Entries older than the interval no longer hold anything back.
        for (auto e = written_.begin(); e != written_.end();)
            e = now - e->second >= interval_ ? written_.erase(e) : std::next(e);
        // All recent: forgetting them costs at most one more write each.
        if (written_.size() >= max_tokens_) written_.clear();
    }
    written_.emplace(token_id, now);
    return true;
}

}  // namespace colloq::auth
