#include "colloq/api/badge_files.hpp"

#include <iostream>

#include <pthread.h>

namespace colloq::api {

badge_files::badge_files(int threads, std::size_t max_waiting, std::size_t max_entries, std::size_t max_bytes)
    : cache_(max_entries, max_bytes), max_waiting_(max_waiting) {
    for (int i = 0; i < threads; ++i)
        threads_.emplace_back([this] {
            pthread_setname_np(pthread_self(), "colloq-badge");
            loop();
        });
}

badge_files::~badge_files() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
        cv_.notify_all();
    }
    for (auto& t : threads_) t.join();
}

bool badge_files::get(const std::string& key, std::function<std::string()> render, std::function<void(file)> done) {
    if (auto cached = cache_.find(key)) {
        done(std::move(cached));
        return true;
    }
    std::lock_guard lock(mutex_);
    if (stopping_ || queue_.size() >= max_waiting_) return false;
    queue_.push_back([this, key, render = std::move(render), done = std::move(done)] {
        // Another download of the same ticket may have rendered it while this one waited.
        file made = cache_.find(key);
        if (!made) {
            try {
                made = std::make_shared<const std::string>(render());
                cache_.put(key, made);
            } catch (const std::exception& e) {
                std::cerr << "colloq: a badge file could not be rendered: " << e.what() << "\n";
            }
        }
        done(std::move(made));  // nullptr: it could not be rendered
    });
    cv_.notify_one();
    return true;
}

void badge_files::loop() {
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

}  // namespace colloq::api
