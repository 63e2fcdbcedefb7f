#include "colloq/auth/key_limiter.hpp"

#include <algorithm>
#include <climits>

#include "colloq/crypto/secrets.hpp"

namespace colloq::auth {

using namespace std::chrono;

key_limiter::key_limiter(int limit, clock::duration window, std::size_t max_keys, clock::duration hold)
    : limit_(std::max(limit, 1)), window_(window), hold_(std::min(hold, window)), max_keys_(std::max<std::size_t>(max_keys, 1)) {}

std::string key_limiter::stored_key(const std::string& key) {
    if (key.size() <= max_key_bytes) return key;
    return std::string("#").append(crypto::hash_token(key));
}

seconds key_limiter::wait_of(const entry& e, clock::time_point now) const {
    if (expired(e, now) || e.count < limit_) return seconds(0);
    auto until = std::min(e.start + window_, e.last + hold_);
    if (until <= now) return seconds(0);
    return ceil<seconds>(until - now);
}

void key_limiter::erase(table::iterator it) {
    by_start_.erase(it->second.place);
    entries_.erase(it);
}

void key_limiter::count_one(const std::string& key, clock::time_point now) {
    auto it = entries_.find(key);
    if (it != entries_.end() && expired(it->second, now)) {
        erase(it);
        it = entries_.end();
    }
    if (it != entries_.end()) {
        entry& e = it->second;
        if (e.count < INT_MAX) ++e.count;
        e.last = std::max(e.last, now);
        return;
    }
    // A new key: forget the expired ones first (their windows started earliest), then make room.
    while (!by_start_.empty()) {
        auto oldest = entries_.find(*by_start_.front());
        if (!expired(oldest->second, now) && entries_.size() < max_keys_) break;
        erase(oldest);
    }
    auto [added, inserted] = entries_.emplace(key, entry{1, now, now, {}});
    by_start_.push_back(&added->first);  // element addresses survive rehashing
    added->second.place = std::prev(by_start_.end());
}

seconds key_limiter::retry_after(const std::string& key, clock::time_point now) {
    std::string k = stored_key(key);
    std::lock_guard lock(mutex_);
    auto it = entries_.find(k);
    return it == entries_.end() ? seconds(0) : wait_of(it->second, now);
}

void key_limiter::add(const std::string& key, clock::time_point now) {
    std::string k = stored_key(key);
    std::lock_guard lock(mutex_);
    count_one(k, now);
}

seconds key_limiter::take(const std::string& key, clock::time_point now) {
    std::string k = stored_key(key);
    std::lock_guard lock(mutex_);
    if (auto it = entries_.find(k); it != entries_.end())
        if (auto wait = wait_of(it->second, now); wait.count() > 0) return wait;
    count_one(k, now);
    return seconds(0);
}

void key_limiter::give_back(const std::string& key, clock::time_point taken_at) {
    std::string k = stored_key(key);
    std::lock_guard lock(mutex_);
    auto it = entries_.find(k);
    if (it == entries_.end() || it->second.start > taken_at) return;
    if (--it->second.count <= 0) erase(it);
}

void key_limiter::forget(const std::string& key) {
    std::string k = stored_key(key);
    std::lock_guard lock(mutex_);
    if (auto it = entries_.find(k); it != entries_.end()) erase(it);
}

std::size_t key_limiter::size() const {
    std::lock_guard lock(mutex_);
    return entries_.size();
}

}  // namespace colloq::auth
