#include "colloq/api/badge_cache.hpp"

namespace colloq::api {

badge_cache::badge_cache(std::size_t max_entries, std::size_t max_bytes)
    : max_entries_(max_entries), max_bytes_(max_bytes) {}

std::shared_ptr<const std::string> badge_cache::find(const std::string& key) {
    std::lock_guard lock(mutex_);
    auto it = index_.find(key);
    if (it == index_.end()) return nullptr;
    order_.splice(order_.begin(), order_, it->second);
    return it->second->file;
}

void badge_cache::put(const std::string& key, std::shared_ptr<const std::string> file) {
    if (!file || max_entries_ == 0) return;
    std::lock_guard lock(mutex_);
    if (auto it = index_.find(key); it != index_.end()) {
        bytes_ -= cost(*it->second);
        order_.erase(it->second);
        index_.erase(it);
    }
    entry e{key, std::move(file)};
    if (cost(e) > max_bytes_) return;
    bytes_ += cost(e);
    order_.push_front(std::move(e));
    index_.emplace(key, order_.begin());
    evict_beyond_bounds();
}

void badge_cache::forget_prefix(const std::string& prefix) {
    std::lock_guard lock(mutex_);
    for (auto it = order_.begin(); it != order_.end();) {
        if (it->key.compare(0, prefix.size(), prefix) != 0) {
            ++it;
            continue;
        }
        bytes_ -= cost(*it);
        index_.erase(it->key);
        it = order_.erase(it);
    }
}

void badge_cache::evict_beyond_bounds() {
    while (!order_.empty() && (order_.size() > max_entries_ || bytes_ > max_bytes_)) {
        auto& last = order_.back();
        bytes_ -= cost(last);
        index_.erase(last.key);
        order_.pop_back();
    }
}

std::size_t badge_cache::entries() const {
    std::lock_guard lock(mutex_);
    return order_.size();
}

std::size_t badge_cache::bytes() const {
    std::lock_guard lock(mutex_);
    return bytes_;
}

}  // namespace colloq::api
