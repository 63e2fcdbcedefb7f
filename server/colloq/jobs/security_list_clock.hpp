#pragma once
// Freezes the venue's security list when its due time comes, or at start-up when the server
// was stopped then: a thread that sleeps until the due time. Idempotent (see
// store::freeze_security_list_if_due), so a restart neither skips the freeze nor repeats it.
#include <condition_variable>
#include <mutex>
#include <thread>

#include "colloq/store/store.hpp"

namespace colloq::jobs {

class security_list_clock {
public:
    security_list_clock(const config::config& cfg, store::store& db);
    ~security_list_clock();
    security_list_clock(const security_list_clock&) = delete;
    security_list_clock& operator=(const security_list_clock&) = delete;

private:
    void run();

    const config::config& cfg_;
    store::store& db_;
    std::mutex mutex_;
    std::condition_variable cv_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace colloq::jobs
