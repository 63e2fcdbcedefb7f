#pragma once
// A few threads, each with its own read connection, that run queued read jobs.
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "colloq/store/database.hpp"

namespace soci { class session; }

namespace colloq::store {

class readers {
public:
    using job = std::function<void(soci::session*)>;  // nullptr: no connection could be opened

    readers(const location& where, int threads);
    ~readers();
    readers(const readers&) = delete;
    readers& operator=(const readers&) = delete;

    void submit(job run);
    void stop();  // runs what is queued, then joins

private:
    void loop();

    location where_;
    std::mutex mutex_;
    std::condition_variable cv_;
    std::deque<job> queue_;
    bool stopping_ = false;
    std::vector<std::thread> threads_;
};

}  // namespace colloq::store
