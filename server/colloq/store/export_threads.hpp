#pragma once
// Exports, each on a thread of its own with a read connection of its own: an export waits
// for its client to read, and a client that reads slowly (or not at all) then holds only its
// own export, never a thread or a connection that other requests wait for. Their number is
// bounded, so that many callers cannot make threads without end.
#include <condition_variable>
#include <functional>
#include <mutex>

#include "colloq/store/database.hpp"

namespace soci { class session; }

namespace colloq::store {

class export_threads {
public:
    using job = std::function<void(soci::session*)>;  // nullptr: no connection could be opened

    export_threads(const location& where, int max_running);
    ~export_threads();
    export_threads(const export_threads&) = delete;
    export_threads& operator=(const export_threads&) = delete;

    // Runs `run` on a new thread; false (and nothing runs) when `max_running` already run,
    // or once stopping.
    bool start(job run);
    int running() const;
    void stop();  // refuses new exports, then waits for the running ones to end

private:
    location where_;
    int max_running_;
    mutable std::mutex mutex_;
    std::condition_variable ended_;
    int running_ = 0;
    bool stopping_ = false;
};

}  // namespace colloq::store
