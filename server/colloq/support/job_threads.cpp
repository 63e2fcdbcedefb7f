#include "colloq/support/job_threads.hpp"

#include <pthread.h>

namespace colloq::support {

job_threads::job_threads(int threads, std::size_t max_waiting, std::string name) : max_waiting_(max_waiting) {
    for (int i = 0; i < threads; ++i)
        threads_.emplace_back([this, name] {
            pthread_setname_np(pthread_self(), name.c_str());
            loop();
        });
}

job_threads::~job_threads() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
        cv_.notify_all();
    }
    for (auto& t : threads_) t.join();
}

bool job_threads::submit(std::function<void()> job) {
    std::lock_guard lock(mutex_);
    if (stopping_ || queue_.size() >= max_waiting_) return false;
    queue_.push_back(std::move(job));
    cv_.notify_one();
    return true;
}

void job_threads::loop() {
    for (;;) {
        std::function<void()> job;
        {
            std::unique_lock lock(mutex_);
            cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
            if (queue_.empty()) return;
            job = std::move(queue_.front());
            queue_.pop_front();
        }
        job();
    }
}

}  // namespace colloq::support
