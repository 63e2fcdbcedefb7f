#include "colloq/store/checkpointer.hpp"

#include <chrono>
#include <iostream>

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
}

void checkpointer::loop() {
    std::unique_ptr<soci::session> sql;
    std::unique_lock lock(mutex_);
    while (!cv_.wait_for(lock, std::chrono::milliseconds(500), [&] { return stopping_; })) {
        lock.unlock();
        try {
            if (!sql) sql = open_session(where_);
            *sql << "PRAGMA wal_checkpoint(PASSIVE)";
        } catch (const std::exception& e) {
            std::cerr << "colloq: checkpoint failed (will retry): " << e.what() << "\n";
            sql.reset();
        }
        lock.lock();
    }
}

}  // namespace colloq::store
