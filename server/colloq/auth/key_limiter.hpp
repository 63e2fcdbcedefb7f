#pragma once
// Counts events per key (an address, an account…) in a fixed time window, and says how long a
// key must wait once it has had `limit` of them. Every request stream stays within a hard bound:
// at most `max_keys` keys, each a count and two times; a check never adds a key, expired keys
// are forgotten, and when the table is full the key whose window started first goes.
#include <chrono>
#include <cstddef>
#include <list>
#include <mutex>
#include <string>
#include <unordered_map>

namespace colloq::auth {

class key_limiter {
public:
    using clock = std::chrono::steady_clock;

    // `hold`: once over the limit, a key is refused until its window ends, or until `hold`
    // after its last event if that comes first (a refusal that ends soon after the events stop).
    key_limiter(int limit, clock::duration window, std::size_t max_keys, clock::duration hold = clock::duration::max());
    key_limiter(const key_limiter&) = delete;
    key_limiter& operator=(const key_limiter&) = delete;

    // How long `key` must wait before one more event (zero: now). Changes nothing.
    std::chrono::seconds retry_after(const std::string& key, clock::time_point now = clock::now());
    // Counts one event, whatever the count.
    void add(const std::string& key, clock::time_point now = clock::now());
    // Counts one event if it is allowed and returns zero; else returns the wait and counts nothing.
    std::chrono::seconds take(const std::string& key, clock::time_point now = clock::now());
    // Gives back an event counted by take() at `taken_at` (a reservation that was not used);
    // nothing when the key's window has started again since.
    void give_back(const std::string& key, clock::time_point taken_at);
    // Forgets the key's events.
    void forget(const std::string& key);

    std::size_t size() const;
    int limit() const { return limit_; }

    // Longer keys are kept as their hash, so a key never costs more than this.
    static constexpr std::size_t max_key_bytes = 320;

private:
    struct entry {
        int count = 0;
        clock::time_point start;  // of the window
        clock::time_point last;   // the last event
        std::list<const std::string*>::iterator place;
    };
    using table = std::unordered_map<std::string, entry>;

    static std::string stored_key(const std::string& key);
    std::chrono::seconds wait_of(const entry& e, clock::time_point now) const;
    bool expired(const entry& e, clock::time_point now) const { return now >= e.start + window_; }
    void erase(table::iterator it);
    void count_one(const std::string& key, clock::time_point now);

    const int limit_;
    const clock::duration window_;
    const clock::duration hold_;
    const std::size_t max_keys_;

    mutable std::mutex mutex_;
    table entries_;
    std::list<const std::string*> by_start_;  // the keys by window start, earliest first
};

}  // namespace colloq::auth
