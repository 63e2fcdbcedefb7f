#include "colloq/store/export_threads.hpp"

#include <iostream>
#include <memory>
#include <thread>

#include <pthread.h>

#include <soci/soci.h>

namespace colloq::store {

export_threads::export_threads(const location& where, int max_running) : where_(where), max_running_(max_running) {}

export_threads::~export_threads() { stop(); }

bool export_threads::start(job run) {
    {
        std::lock_guard lock(mutex_);
        if (stopping_ || running_ >= max_running_) return false;
        ++running_;
    }
    try {
        // Detached: stop() waits on the count, and the thread touches nothing of this object
        // after it has counted itself out.
        std::thread([this, run = std::move(run)]() mutable {
            pthread_setname_np(pthread_self(), "colloq-export");
            {
                job work = std::move(run);  // released here, before the slot is given back
                std::unique_ptr<soci::session> sql;
                try {
                    sql = open_session(where_);
                } catch (const std::exception& e) {
                    std::cerr << "colloq: cannot open a connection for an export: " << e.what() << "\n";
                }
                work(sql.get());
            }  // the connection is closed before the slot is given back
            std::lock_guard lock(mutex_);
            --running_;
            ended_.notify_all();
        }).detach();
    } catch (const std::system_error& e) {
        std::cerr << "colloq: cannot start an export thread: " << e.what() << "\n";
        std::lock_guard lock(mutex_);
        --running_;
        ended_.notify_all();
        return false;
    }
    return true;
}

int export_threads::running() const {
    std::lock_guard lock(mutex_);
    return running_;
}

void export_threads::stop() {
    std::unique_lock lock(mutex_);
    stopping_ = true;
    ended_.wait(lock, [&] { return running_ == 0; });
}

}  // namespace colloq::store
