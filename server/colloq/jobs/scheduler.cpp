#include "colloq/jobs/scheduler.hpp"

#include <algorithm>
#include <iostream>

#include <pthread.h>

namespace colloq::jobs {

scheduler::scheduler(std::vector<dated_job> jobs) : jobs_(std::move(jobs)) {
    std::stable_sort(jobs_.begin(), jobs_.end(), [](const auto& a, const auto& b) { return a.due < b.due; });
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
    for (auto& job : jobs_) {
        // The system clock, as the due times are: a wait_until on it follows a corrected clock.
        while (!stopping_ && domain::now() < job.due) cv_.wait_until(lock, job.due);
        while (!stopping_) {
            lock.unlock();
            bool done = false;
            try {
                done = job.run();
            } catch (const std::exception& e) {
                std::cerr << "colloq: " << job.name << ": " << e.what() << "\n";
            }
            lock.lock();
            if (done) break;
            std::cerr << "colloq: " << job.name << " could not be done; another try in a minute\n";
            cv_.wait_for(lock, std::chrono::minutes(1), [this] { return stopping_; });
        }
        if (stopping_) return;
    }
}

}  // namespace colloq::jobs
