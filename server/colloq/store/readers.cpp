#include "colloq/store/readers.hpp"

#include <iostream>

#include <pthread.h>

#include <soci/soci.h>

namespace colloq::store {

readers::readers(const location& where, int threads) : where_(where) {
    for (int i = 0; i < threads; ++i) threads_.emplace_back([this] {
        pthread_setname_np(pthread_self(), "colloq-reader");
        loop();
    });
}

readers::~readers() { stop(); }

void readers::submit(job run) {
    {
        std::lock_guard lock(mutex_);
        if (!stopping_) {
            queue_.push_back(std::move(run));
            cv_.notify_one();
            return;
        }
    }
    run(nullptr);
}

void readers::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
        cv_.notify_all();
    }
    for (auto& t : threads_)
        if (t.joinable()) t.join();
}

void readers::loop() {
    std::unique_ptr<soci::session> sql;
    for (;;) {
        job run;
        {
            std::unique_lock lock(mutex_);
            cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
            if (queue_.empty()) return;
            run = std::move(queue_.front());
            queue_.pop_front();
        }
        if (!sql) {
            try {
                sql = open_session(where_);
            } catch (const std::exception& e) {
                std::cerr << "colloq: cannot open a read connection: " << e.what() << "\n";
            }
        }
        run(sql.get());
        // A connection that failed mid-query may be broken: open a fresh one next time.
        if (sql && !sql->is_connected()) sql.reset();
    }
}

}  // namespace colloq::store
