#include "colloq/store/writer.hpp"

#include <algorithm>
#include <iostream>

#include <pthread.h>

#include <soci/soci.h>

#include "colloq/store/checkins.hpp"
#include "colloq/store/registrations.hpp"

namespace colloq::store {

// The statements every group runs, parsed once instead of once per job.
struct writer::transaction_statements {
    soci::statement begin, savepoint, release, rollback_to, commit;
    // PostgreSQL only. After BEGIN, the lock that makes one server write at a time, as SQLite's
    // BEGIN IMMEDIATE does (its key: any number no other program on the database uses); before
    // COMMIT, the bump of the counter that tells the other servers something changed.
    std::optional<soci::statement> lock, bump;
    transaction_statements(soci::session& sql, bool sqlite)
        : begin((sql.prepare << (sqlite ? "BEGIN IMMEDIATE" : "BEGIN"))),
          savepoint((sql.prepare << "SAVEPOINT job")),
          release((sql.prepare << "RELEASE SAVEPOINT job")),
          rollback_to((sql.prepare << "ROLLBACK TO SAVEPOINT job")),
          commit((sql.prepare << "COMMIT")) {
        if (sqlite) return;
        lock.emplace((sql.prepare << "SELECT pg_advisory_xact_lock(7165064545329299713)"));
        bump.emplace((sql.prepare << "UPDATE write_counter SET version = version + 1 WHERE id = 1"));
    }
};

writer::writer(const location& where, const config::config& cfg)
    : cfg_(cfg), sql_(open_session(where)), sqlite_(where.kind == backend::sqlite) {
    if (sqlite_) {
        // The checkpointer thread copies the log back in quiet moments. Under a steady stream
        // of writes it never reaches the log's end, so SQLite never starts the log over: it grew
        // by 20 MB a second, each commit making the file longer (a file system journal commit
        // on top of the fsync). Past 1,000 pages, SQLite's own checkpoint after a commit, with
        // nothing else writing, reaches the end, and the log is written again from its start.
        *sql_ << "PRAGMA wal_autocheckpoint=1000";
        // Savepoints (a group written again job by job) and statements keep their undo records
        // in memory rather than in a temporary file.
        *sql_ << "PRAGMA temp_store=MEMORY";
        // The writer's hot pages are the ends of the tables and indexes it appends to; the rest
        // is read back from the system's file cache when needed. Bounds its memory.
        *sql_ << "PRAGMA cache_size=-4096";
    }
    load_state();
    prepared_.reset(prepare_statements(*sql_));
    checkins_.reset(prepare_checkin_statements(*sql_));
    transaction_ = std::make_unique<transaction_statements>(*sql_, sqlite_);
    thread_ = std::thread([this] {
        pthread_setname_np(pthread_self(), "colloq-writer");
        // The default priority on purpose: a raised one let each queued write wake this thread
        // at once, so that groups were a handful of writes, each group paying a commit.
        loop();
    });
}

writer::~writer() { stop(); }

namespace {

std::shared_ptr<domain::tally> read_tally(soci::session& sql, const config::config& cfg) {
    auto t = std::make_shared<domain::tally>(cfg);
    load_tally(sql, cfg, *t);
    t->checked_in = count_checked_in(sql, cfg.event.slug);
    return t;
}

}  // namespace

void writer::load_state() {
    ensure_seat_counters(*sql_, cfg_);
    fill_search_keys(*sql_);
    data_version_ = data_version();
    tally_ = read_tally(*sql_, cfg_);
    ids_ = load_last_ids(*sql_);
}

// SQLite counts the commits of other connections itself; on PostgreSQL every server's writes
// bump write_counter (see transaction_statements).
long long writer::data_version() {
    long long version = 0;
    // Not a statement prepared once: a PRAGMA statement left open keeps the file locked.
    if (sqlite_) *sql_ << "PRAGMA data_version", soci::into(version);
    else *sql_ << "SELECT version FROM write_counter WHERE id = 1", soci::into(version);
    return version;
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
            // While idle, a look for another process's commits, so that the counts shown and the
            // mail it queued do not wait for this server's next write: every two seconds for
            // `colloq import` beside SQLite, twice a second for the other servers on PostgreSQL.
            auto look_after = sqlite_ ? std::chrono::milliseconds(2000) : std::chrono::milliseconds(500);
            bool woken = queue_cv_.wait_for(lock, look_after, [&] { return stopping_ || !queue_.empty(); });
            if (!woken) {
                lock.unlock();
                if (data_version() != data_version_) run_group(group);  // an empty group catches up
                continue;
            }
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

// What one attempt at writing a group left: the counts and ids as they will be once
// committed, and which jobs succeeded.
struct writer::attempt {
    std::shared_ptr<domain::tally> tally;
    last_ids ids;
    std::vector<bool> ok;
    bool committed = false;
    bool job_failed = false;
    long long data_version = 0;
};

// Inside the group's transaction, which holds the write lock: when another process committed
// since the state was loaded, its rows are counted and its ids are not handed out again.
void writer::catch_up(attempt& a) {
    a.data_version = data_version();
    if (a.data_version == data_version_) return;
    a.tally = read_tally(*sql_, cfg_);
    a.tally->version = tally()->version;
    a.ids = load_last_ids(*sql_);
    if (catch_up_listener_) catch_up_listener_(*sql_);
}

// Runs the group in one transaction. Without `isolate`, the jobs run one after the other and
// the first failure stops the attempt (rolled back, nothing committed); with it, each job runs
// in a savepoint, so a failing job rolls back alone. Savepoints make SQLite keep undo copies
// of every page a job touches: the usual group, where no job fails, goes without them.
writer::attempt writer::try_group(std::deque<queued>& group, const std::string& now, bool isolate) {
    attempt a{std::make_shared<domain::tally>(*tally()), ids_, std::vector<bool>(group.size(), false)};
    auto& tx = *transaction_;
    try {
        tx.begin.execute(true);
        if (tx.lock) tx.lock->execute(true);
        catch_up(a);
        write_context ctx{*sql_, *prepared_, *checkins_, *a.tally, cfg_, a.ids, now};
        for (std::size_t i = 0; i < group.size(); ++i) {
            if (!isolate) {
                group[i].run(ctx);
                a.ok[i] = true;
                continue;
            }
            domain::tally before = *a.tally;
            last_ids ids_before = a.ids;
            tx.savepoint.execute(true);
            try {
                group[i].run(ctx);
                tx.release.execute(true);
                a.ok[i] = true;
            } catch (const std::exception& e) {
                std::cerr << "colloq: write failed and was rolled back: " << e.what() << "\n";
                tx.rollback_to.execute(true);
                tx.release.execute(true);
                *a.tally = before;
                a.ids = ids_before;
            }
        }
        if (tx.bump && !group.empty()) {  // an empty group (a catch-up) changes nothing to tell
            tx.bump->execute(true);
            ++a.data_version;
        }
        tx.commit.execute(true);
        a.committed = true;
    } catch (const std::exception& e) {
        a.job_failed = !isolate && std::find(a.ok.begin(), a.ok.end(), false) != a.ok.end();
        if (!a.job_failed)
            std::cerr << "colloq: commit failed, " << group.size() << " writes refused: " << e.what() << "\n";
        try {
            *sql_ << "ROLLBACK";
        } catch (...) {
        }
        std::fill(a.ok.begin(), a.ok.end(), false);
    }
    return a;
}

// One transaction and one commit (one fsync) answer the whole group. A job that fails is
// written again with the others, each in a savepoint, so that it alone is refused.
void writer::run_group(std::deque<queued>& group) {
    std::string now = domain::format_utc(domain::now());
    {
        std::lock_guard lock(tally_mutex_);
        writing_since_ = now;
    }
    attempt a = try_group(group, now, false);
    if (a.job_failed) a = try_group(group, now, true);
    bool mail_queued = a.committed && a.ids.outbox != ids_.outbox;
    {
        std::lock_guard lock(tally_mutex_);
        writing_since_.reset();
    }
    if (a.committed) {
        if (!group.empty()) group_sizes_.observe(static_cast<double>(group.size()));
        ids_ = a.ids;
        data_version_ = a.data_version;
        a.tally->version = tally()->version + 1;
        std::lock_guard lock(tally_mutex_);
        tally_ = std::move(a.tally);
    }
    for (std::size_t i = 0; i < group.size(); ++i) group[i].after(a.committed && a.ok[i]);
    if (mail_queued && outbox_listener_) outbox_listener_();
}

}  // namespace colloq::store
