#include "colloq/store/writer.hpp"

#include <iostream>

#include <pthread.h>

#include <soci/soci.h>

#include "colloq/store/checkins.hpp"
#include "colloq/store/registrations.hpp"

namespace colloq::store {

writer::writer(const location& where, const config::config& cfg)
    : cfg_(cfg), sql_(open_session(where)), sqlite_(where.kind == backend::sqlite) {
    if (sqlite_) *sql_ << "PRAGMA wal_autocheckpoint=0";  // the checkpointer thread does it
    load_state();
    prepared_.reset(prepare_statements(*sql_));
    thread_ = std::thread([this] {
        pthread_setname_np(pthread_self(), "colloq-writer");
        loop();
    });
}

writer::~writer() { stop(); }

void writer::load_state() {
    ensure_seat_counters(*sql_, cfg_);
    fill_search_keys(*sql_);
    auto t = std::make_shared<domain::tally>(cfg_);
    load_tally(*sql_, cfg_, *t);
    t->checked_in = count_checked_in(*sql_, cfg_.event.slug);
    ids_ = load_last_ids(*sql_);
    tally_ = std::move(t);
}

std::optional<std::string> writer::writing_since() const {
    std::lock_guard lock(tally_mutex_);
    return writing_since_;
}

std::shared_ptr<const domain::tally> writer::tally() const {
    std::lock_guard lock(tally_mutex_);
    return tally_;
}

void writer::submit(job run, done after) {
    {
        std::lock_guard lock(queue_mutex_);
        if (!stopping_) {
            queue_.push_back({std::move(run), std::move(after)});
            queue_cv_.notify_one();
            return;
        }
    }
    after(false);
}

void writer::stop() {
    {
        std::lock_guard lock(queue_mutex_);
        if (stopping_ && !thread_.joinable()) return;
        stopping_ = true;
        queue_cv_.notify_one();
    }
    if (thread_.joinable()) thread_.join();
}

void writer::loop() {
    std::deque<queued> group;
    for (;;) {
        {
            std::unique_lock lock(queue_mutex_);
            queue_cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
            if (queue_.empty()) return;  // stopping, and nothing left to write
            while (!queue_.empty() && group.size() < max_group) {
                group.push_back(std::move(queue_.front()));
                queue_.pop_front();
            }
        }
        run_group(group);
        group.clear();
    }
}

// One transaction for the whole group; each job in a savepoint, so a failing job rolls back
// alone; one commit (one fsync) answers them all.
void writer::run_group(std::deque<queued>& group) {
    auto working = std::make_shared<domain::tally>(*tally());
    last_ids ids = ids_;
    std::vector<bool> ok(group.size(), false);
    bool committed = false;
    std::string now = domain::format_utc(domain::now());
    {
        std::lock_guard lock(tally_mutex_);
        writing_since_ = now;
    }
    try {
        *sql_ << (sqlite_ ? "BEGIN IMMEDIATE" : "BEGIN");
        write_context ctx{*sql_, *prepared_, *working, cfg_, ids, now};
        for (std::size_t i = 0; i < group.size(); ++i) {
            domain::tally before = *working;
            last_ids ids_before = ids;
            *sql_ << "SAVEPOINT job";
            try {
                group[i].run(ctx);
                *sql_ << "RELEASE SAVEPOINT job";
                ok[i] = true;
            } catch (const std::exception& e) {
                std::cerr << "colloq: write failed and was rolled back: " << e.what() << "\n";
                *sql_ << "ROLLBACK TO SAVEPOINT job";
                *sql_ << "RELEASE SAVEPOINT job";
                *working = before;
                ids = ids_before;
            }
        }
        *sql_ << "COMMIT";
        committed = true;
    } catch (const std::exception& e) {
        std::cerr << "colloq: commit failed, " << group.size() << " writes refused: " << e.what() << "\n";
        try {
            *sql_ << "ROLLBACK";
        } catch (...) {
        }
    }
    bool mail_queued = committed && ids.outbox != ids_.outbox;
    {
        std::lock_guard lock(tally_mutex_);
        writing_since_.reset();
    }
    if (committed) {
        ids_ = ids;
        working->version = tally()->version + 1;
        std::lock_guard lock(tally_mutex_);
        tally_ = std::move(working);
    }
    for (std::size_t i = 0; i < group.size(); ++i) group[i].after(committed && ok[i]);
    if (mail_queued && outbox_listener_) outbox_listener_();
}

}  // namespace colloq::store
