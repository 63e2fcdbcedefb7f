#include "colloq/jobs/security_list_clock.hpp"

#include <future>
#include <iostream>

#include <pthread.h>

#include "colloq/domain/time.hpp"

namespace colloq::jobs {

security_list_clock::security_list_clock(const config::config& cfg, store::store& db) : cfg_(cfg), db_(db) {
    if (!cfg_.security_list) return;
    thread_ = std::thread([this] {
        pthread_setname_np(pthread_self(), "colloq-clock");
        run();
    });
}

security_list_clock::~security_list_clock() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void security_list_clock::run() {
    const auto due = cfg_.security_list->due_at.utc;
    std::unique_lock lock(mutex_);
    // The system clock, as the due time is: a wait_until on it follows a corrected clock.
    while (!stopping_ && domain::now() < due) cv_.wait_until(lock, due);
    // Due: once, and again a minute later while the database refuses.
    while (!stopping_) {
        lock.unlock();
        std::promise<store::freeze_reply> done;
        db_.freeze_security_list_if_due([&done](store::freeze_reply r) { done.set_value(std::move(r)); });
        auto reply = done.get_future().get();
        lock.lock();
        if (!reply.failed) {
            if (reply.frozen)
                std::cerr << "colloq: security list frozen at its due time: version " << reply.frozen->version
                          << ", " << reply.frozen->entries << " on it\n";
            return;
        }
        std::cerr << "colloq: the security list could not be frozen; another try in a minute\n";
        cv_.wait_for(lock, std::chrono::minutes(1), [this] { return stopping_; });
    }
}

}  // namespace colloq::jobs
