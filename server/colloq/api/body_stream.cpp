#include "colloq/api/body_stream.hpp"

#include <chrono>

namespace colloq::api {

bool body_stream::push(std::string chunk) {
    if (chunk.empty()) return true;
    std::unique_lock lock(mutex_);
    // A client that stops reading for a minute is treated as gone, so the producer never hangs.
    if (!room_.wait_for(lock, std::chrono::seconds(60), [&] { return cancelled_ || chunks_.size() < max_chunks_; }))
        cancelled_ = true;
    if (cancelled_) return false;
    if (waiting_) {
        auto ready = std::move(waiting_);
        waiting_ = nullptr;
        lock.unlock();
        ready(std::move(chunk));
        return true;
    }
    chunks_.push_back(std::move(chunk));
    return true;
}

void body_stream::finish(bool ok) {
    std::unique_lock lock(mutex_);
    finished_ = true;
    ok_ = ok;
    if (waiting_ && chunks_.empty()) {
        auto ready = std::move(waiting_);
        waiting_ = nullptr;
        lock.unlock();
        ready(std::nullopt);
    }
}

void body_stream::pull(std::function<void(std::optional<std::string>)> ready) {
    std::unique_lock lock(mutex_);
    if (!chunks_.empty()) {
        std::string chunk = std::move(chunks_.front());
        chunks_.pop_front();
        room_.notify_one();
        lock.unlock();
        return ready(std::move(chunk));
    }
    if (finished_) {
        lock.unlock();
        return ready(std::nullopt);
    }
    waiting_ = std::move(ready);
}

void body_stream::cancel() {
    std::lock_guard lock(mutex_);
    cancelled_ = true;
    waiting_ = nullptr;
    chunks_.clear();
    room_.notify_all();
}

bool body_stream::failed() const {
    std::lock_guard lock(mutex_);
    return finished_ && !ok_;
}

}  // namespace colloq::api
