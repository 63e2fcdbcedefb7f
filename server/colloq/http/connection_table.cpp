#include "colloq/http/connection_table.hpp"

#include <algorithm>

#include <sys/resource.h>

namespace colloq::http {

void connection_table::add(std::shared_ptr<connection_slot> slot) {
    std::lock_guard lock(mutex_);
    slot->index_ = slots_.size();
    slots_.push_back(std::move(slot));
}

void connection_table::remove(connection_slot& slot) {
    std::lock_guard lock(mutex_);
    std::size_t i = slot.index_;
    if (i >= slots_.size() || slots_[i].get() != &slot) return;
    if (slot.chosen_) {
        slot.chosen_ = false;
        --chosen_;
    }
    if (i + 1 != slots_.size()) {
        slots_[i] = std::move(slots_.back());
        slots_[i]->index_ = i;
    }
    slots_.pop_back();
}

std::size_t connection_table::size() const {
    std::lock_guard lock(mutex_);
    return slots_.size();
}

std::size_t connection_table::staying() const {
    std::lock_guard lock(mutex_);
    return slots_.size() - chosen_;
}

std::vector<std::shared_ptr<connection_slot>> connection_table::choose(std::size_t n) {
    struct candidate {
        std::uint64_t state;
        connection_slot* slot;
    };
    std::lock_guard lock(mutex_);
    std::vector<candidate> candidates;
    for (const auto& s : slots_) {
        if (s->chosen_) continue;
        std::uint64_t state = s->state_.load(std::memory_order_relaxed);
        if (static_cast<activity>(state & 3) == activity::busy) continue;
        candidates.push_back({state, s.get()});
    }
    // Idle before reading, then the oldest first: the activity is the low bits, the time the rest.
    auto order = [](const candidate& a, const candidate& b) {
        auto ka = a.state & 3, kb = b.state & 3;
        return ka != kb ? ka < kb : (a.state >> 2) < (b.state >> 2);
    };
    n = std::min(n, candidates.size());
    std::partial_sort(candidates.begin(), candidates.begin() + static_cast<std::ptrdiff_t>(n), candidates.end(), order);
    std::vector<std::shared_ptr<connection_slot>> out;
    out.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
        connection_slot* s = candidates[i].slot;
        s->chosen_ = true;
        s->chosen_state_ = candidates[i].state;
        ++chosen_;
        out.push_back(slots_[s->index_]);
    }
    return out;
}

void connection_table::spare(connection_slot& slot) {
    std::lock_guard lock(mutex_);
    if (!slot.chosen_) return;
    slot.chosen_ = false;
    --chosen_;
}

std::size_t connection_bound(std::size_t max_connections, std::uint64_t open_file_limit, std::size_t io_threads) {
    // Measured: about 20 descriptors at rest with two threads; the rest is for bursts of
    // database readers, SMTP connections, export and spool files, fonts.
    std::uint64_t reserve = 128 + 3 * static_cast<std::uint64_t>(io_threads);
    std::uint64_t room = open_file_limit > reserve ? open_file_limit - reserve : 0;
    // A very low limit still serves a few clients, halving what is left rather than nothing.
    room = std::max<std::uint64_t>(room, open_file_limit / 2);
    return static_cast<std::size_t>(std::max<std::uint64_t>(1, std::min<std::uint64_t>(max_connections, room)));
}

std::uint64_t raise_open_file_limit() {
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return 1024;
    if (limit.rlim_cur != limit.rlim_max) {
        rlimit wanted = limit;
        // An unlimited hard limit is not a number the kernel takes for open files.
        wanted.rlim_cur = limit.rlim_max == RLIM_INFINITY ? (1u << 20) : limit.rlim_max;
        if (setrlimit(RLIMIT_NOFILE, &wanted) == 0) limit.rlim_cur = wanted.rlim_cur;
    }
    return limit.rlim_cur == RLIM_INFINITY ? (1u << 20) : static_cast<std::uint64_t>(limit.rlim_cur);
}

}  // namespace colloq::http
