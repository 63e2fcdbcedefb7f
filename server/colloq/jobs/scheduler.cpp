#include "colloq/jobs/scheduler.hpp"

#include <algorithm>
#include <iostream>

#include <pthread.h>

namespace colloq::jobs {

scheduler::scheduler(std::vector<dated_job> jobs) : jobs_(std::move(jobs)) {
    if (jobs_.empty()) return;
    thread_ = std::thread([this] {
        pthread_setname_np(pthread_self(), "colloq-clock");
        loop();
    });
}

scheduler::~scheduler() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void scheduler::loop() {
    std::unique_lock lock(mutex_);
    while (!stopping_ && !jobs_.empty()) {
        // The earliest first; among equals, the one listed first.
        auto job = std::min_element(jobs_.begin(), jobs_.end(), [](const auto& a, const auto& b) { return a.due < b.due; });
        // The system clock, as the due times are: a wait_until on it follows a corrected clock.
        if (domain::now() < job->due) {
            cv_.wait_until(lock, job->due);
            continue;  // woken early, or stopping: look again
        }
        lock.unlock();
        bool done = false;
        try {
            done = job->run();
        } catch (const std::exception& e) {
            std::cerr << "colloq: " << job->name << ": " << e.what() << "\n";
        }
        lock.lock();
        if (!done) {
            std::cerr << "colloq: " << job->name << " could not be done; another try in a minute\n";
            job->due = domain::now() + std::chrono::minutes(1);
        } else if (job->every.count() > 0) {
            job->due = domain::now() + job->every;
        } else {
            jobs_.erase(job);
        }
    }
}

}  // namespace colloq::jobs
