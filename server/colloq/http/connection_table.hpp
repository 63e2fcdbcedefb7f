#pragma once
// The open connections, and which to close first when there are too many: those idle the
// longest (waiting for a first request or for the next one), as nginx reuses its idle
// connections; then those still reading a request, begun the longest ago. A connection whose
// request is being answered is never chosen. No Asio here: the server closes the chosen ones.
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

namespace colloq::http {

enum class activity : std::uint8_t { idle = 0, reading = 1, busy = 2 };

// One connection's entry. Only the connection's own thread changes its activity, with one
// relaxed store per change, so a request costs no lock.
class connection_slot {
public:
    using clock = std::chrono::steady_clock;

    virtual ~connection_slot() = default;

    void set(activity a, clock::time_point since) {
        auto ns = static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(since.time_since_epoch()).count());
        state_.store((ns << 2) | static_cast<std::uint64_t>(a), std::memory_order_relaxed);
    }
    activity current() const { return static_cast<activity>(state_.load(std::memory_order_relaxed) & 3); }
    // On its own thread, once chosen: whether it is still in the spell it was chosen in (not
    // woken by a request since), so that closing it loses nothing.
    bool unchanged_since_chosen() const { return state_.load(std::memory_order_relaxed) == chosen_state_; }

private:
    friend class connection_table;
    std::atomic<std::uint64_t> state_{static_cast<std::uint64_t>(activity::idle)};
    std::uint64_t chosen_state_ = 0;  // written under the table's lock, read after a post to its thread
    bool chosen_ = false;             // under the table's lock
    std::size_t index_ = 0;           // under the table's lock
};

class connection_table {
public:
    void add(std::shared_ptr<connection_slot> slot);
    void remove(connection_slot& slot);

    std::size_t size() const;
    // Open and not already chosen for closing.
    std::size_t staying() const;
    // Chooses up to `n` connections to close (see above) and counts them as leaving.
    std::vector<std::shared_ptr<connection_slot>> choose(std::size_t n);
    // A chosen connection took a request before it could be closed: it stays.
    void spare(connection_slot& slot);

    template <class F>
    void for_each(F&& f) const {
        std::lock_guard lock(mutex_);
        for (const auto& s : slots_) f(s);
    }

private:
    mutable std::mutex mutex_;
    std::vector<std::shared_ptr<connection_slot>> slots_;
    std::size_t chosen_ = 0;
};

// How many connections may be open at once: max_connections, and fewer when the open-file
// limit would not hold them beside what the rest of the server needs (the database, mail,
// exports, logs, one event loop per thread).
std::size_t connection_bound(std::size_t max_connections, std::uint64_t open_file_limit, std::size_t io_threads);

// Raises the soft open-file limit to the hard one, as nginx's worker_rlimit_nofile does,
// and returns the soft limit then in force.
std::uint64_t raise_open_file_limit();

}  // namespace colloq::http
