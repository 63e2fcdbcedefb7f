#pragma once
// Work that runs by the clock (the security list's freeze, the reminders, the thank-you, the
// purge): one thread that sleeps until the next job is due and runs it; a job whose time passed
// while the server was stopped runs at start-up. Each job is idempotent and recorded in the
// database by the store, so a restart neither skips nor repeats it.
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "colloq/domain/time.hpp"

namespace colloq::jobs {

struct dated_job {
    std::string name;  // for the log
    domain::clock_time due;
    // False when the database did not answer: tried again a minute later.
    std::function<bool()> run;
    // Run again this long after each run (the hourly purge); zero: once.
    std::chrono::seconds every{0};
};

class scheduler {
public:
    explicit scheduler(std::vector<dated_job> jobs);
    ~scheduler();  // waits for the job in hand
    scheduler(const scheduler&) = delete;
    scheduler& operator=(const scheduler&) = delete;

private:
    void loop();

    std::vector<dated_job> jobs_;  // those still to run
    std::mutex mutex_;
    std::condition_variable cv_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace colloq::jobs
