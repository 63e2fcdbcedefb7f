#pragma once
// Copies the SQLite write-ahead log back into the database file from its own thread, so the
// writer seldom pays for it while requests wait. Under a steady stream of writes it never
// reaches the log's end: the writer's own automatic checkpoint, past 1,000 pages, does.
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "colloq/store/database.hpp"

namespace soci { class session; }

namespace colloq::store {

class checkpointer {
public:
    explicit checkpointer(const location& where);
    ~checkpointer();

    // Copies the whole log back and truncates it to nothing, as soon as no reader holds an old
    // snapshot: after an erasure or a purge, the values they removed stay in no old page of the
    // log. `done(true)` once truncated; false when the server stops first.
    void truncate_log(std::function<void(bool truncated)> done);

private:
    void loop();
    bool truncate(soci::session& sql);
    location where_;
    std::vector<std::function<void(bool)>> waiting_truncation_;
    std::mutex mutex_;
    std::condition_variable cv_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace colloq::store
