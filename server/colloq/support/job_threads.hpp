#pragma once
// A few threads of their own that run queued jobs, with a bound on how many may wait: work too
// slow for a connection's thread (password hashes, badge rendering) goes here, and a flood of
// requests meets a refusal instead of an ever longer queue.
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace colloq::support {

class job_threads {
public:
    // `name`: the threads' name in top and gdb (15 characters at most).
    job_threads(int threads, std::size_t max_waiting, std::string name);
    ~job_threads();  // runs the jobs already queued, then joins
    job_threads(const job_threads&) = delete;
    job_threads& operator=(const job_threads&) = delete;

    // Runs `job` on one of the threads; false (and nothing runs) when too many are waiting.
    bool submit(std::function<void()> job);

private:
    void loop();

    std::size_t max_waiting_;
    std::mutex mutex_;
    std::condition_variable cv_;
    std::deque<std::function<void()>> queue_;
    bool stopping_ = false;
    std::vector<std::thread> threads_;
};

}  // namespace colloq::support
