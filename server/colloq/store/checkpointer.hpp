#pragma once
// Copies the SQLite write-ahead log back into the database file from its own thread, so the
// writer seldom pays for it while requests wait. Under a steady stream of writes it never
// reaches the log's end: the writer's own automatic checkpoint, past 1,000 pages, does.
#include <condition_variable>
#include <mutex>
#include <thread>

#include "colloq/store/database.hpp"

namespace colloq::store {

class checkpointer {
public:
    explicit checkpointer(const location& where);
    ~checkpointer();

private:
    void loop();
    location where_;
    std::mutex mutex_;
    std::condition_variable cv_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace colloq::store
