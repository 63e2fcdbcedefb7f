#include "colloq/store/checkpointer.hpp"

#include <chrono>
#include <iostream>
#include <utility>

#include <pthread.h>
#include <soci/soci.h>

namespace colloq::store {

checkpointer::checkpointer(const location& where)
    : where_(where), thread_([this] {
          pthread_setname_np(pthread_self(), "colloq-wal");
          loop();
      }) {}

checkpointer::~checkpointer() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
        cv_.notify_one();
    }
    thread_.join();
    for (auto& done : waiting_truncation_) done(false);
}

void checkpointer::truncate_log(std::function<void(bool truncated)> done) {
    std::lock_guard lock(mutex_);
    waiting_truncation_.push_back(std::move(done));
    cv_.notify_one();
}

// True when the log was copied back whole and truncated (no reader held an older snapshot).
bool checkpointer::truncate(soci::session& sql) {
    int busy = 1, log_pages = 0, copied = 0;
    sql << "PRAGMA wal_checkpoint(TRUNCATE)", soci::into(busy), soci::into(log_pages), soci::into(copied);
    return busy == 0;
}

void checkpointer::loop() {
    std::unique_ptr<soci::session> sql;
    std::unique_lock lock(mutex_);
    for (;;) {
        cv_.wait_for(lock, std::chrono::milliseconds(500), [&] { return stopping_ || !waiting_truncation_.empty(); });
        if (stopping_) return;
        auto waiting = std::exchange(waiting_truncation_, {});
        lock.unlock();
        bool truncated = false;
        try {
            if (!sql) sql = open_session(where_);
            if (waiting.empty()) *sql << "PRAGMA wal_checkpoint(PASSIVE)";
            else truncated = truncate(*sql);
        } catch (const std::exception& e) {
            std::cerr << "colloq: checkpoint failed (will retry): " << e.what() << "\n";
            sql.reset();
        }
        if (truncated)
            for (auto& done : waiting) done(true);
        lock.lock();
        if (!truncated && !waiting.empty()) {
            // A reader still held an older snapshot: again in a moment.
            for (auto& done : waiting) waiting_truncation_.push_back(std::move(done));
            cv_.wait_for(lock, std::chrono::milliseconds(100), [&] { return stopping_; });
        }
    }
}

}  // namespace colloq::store
