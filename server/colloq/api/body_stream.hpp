#pragma once
// A response body produced piece by piece on another thread (large exports), handed to the
// HTTP layer through a small bounded queue: the producer waits when the client reads slowly,
// and learns that the client went away.
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>

namespace colloq::api {

class body_stream {
public:
    explicit body_stream(std::size_t max_chunks = 8) : max_chunks_(max_chunks) {}

    // Producer side. push() waits while the queue is full; false: the client is gone, stop.
    bool push(std::string chunk);
    // The body is complete; `ok` false: it broke off midway (the client must not take it as whole).
    void finish(bool ok = true);

    // Consumer side. `ready` gets the next chunk, or nothing at the end; it may be called at
    // once or later from the producer's thread. One pull at a time.
    void pull(std::function<void(std::optional<std::string>)> ready);
    void cancel();  // the client went away
    bool failed() const;

private:
    std::size_t max_chunks_;
    mutable std::mutex mutex_;
    std::condition_variable room_;
    std::deque<std::string> chunks_;
    std::function<void(std::optional<std::string>)> waiting_;
    bool finished_ = false;
    bool ok_ = true;
    bool cancelled_ = false;
};

}  // namespace colloq::api
