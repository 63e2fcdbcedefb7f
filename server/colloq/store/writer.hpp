#pragma once
// The one writer: a thread that runs queued write jobs in groups, one transaction and one
// durable commit per group, then tells each job whether it was committed.
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "colloq/config/config.hpp"
#include "colloq/domain/seats.hpp"
#include "colloq/store/database.hpp"
#include "colloq/support/metrics.hpp"

namespace soci { class session; }

namespace colloq::store {

struct statements;  // prepared once per writer session (registrations.cpp)
statements* prepare_statements(soci::session& sql);
void destroy(statements* s);
struct checkin_statements;  // the same for check-in (checkins.cpp)
checkin_statements* prepare_checkin_statements(soci::session& sql);
void destroy(checkin_statements* s);

// The last ids given out; the writer hands out the next ones without asking the database.
struct last_ids {
    long long registration = 0;
    long long link = 0;
    long long outbox = 0;
    long long scan = 0;
};

// What a write job sees: the session inside the group's transaction, the prepared statements,
// and the counts as they will be once this transaction commits.
struct write_context {
    soci::session& sql;
    statements& prepared;
    checkin_statements& checkins;
    domain::tally& tally;
    const config::config& cfg;
    last_ids& ids;
    std::string now;  // the group's timestamp, RFC 3339 UTC
};

class writer {
public:
    // Throws to roll back its own changes. May run twice (see run_group): it starts afresh.
    using job = std::function<void(write_context&)>;
    using done = std::function<void(bool committed)>;  // called once, on the writer thread

    // Opens the session, loads the counts and starts the thread.
    writer(const location& where, const config::config& cfg);
    ~writer();
    writer(const writer&) = delete;
    writer& operator=(const writer&) = delete;

    void submit(job run, done after);
    // Runs what is queued, then stops the thread. Jobs submitted later are refused.
    void stop();

    // Called after a commit that inserted outbox rows (set before submitting work).
    void on_outbox_insert(std::function<void()> listener) { outbox_listener_ = std::move(listener); }
    // Called (on the writer thread, in its transaction) when another process or server has
    // written since this writer last looked, after the counts and ids are read again.
    void on_catch_up(std::function<void(soci::session&)> listener) { catch_up_listener_ = std::move(listener); }

    // The timestamp of the group being written, if one is: its rows will carry it once committed.
    std::optional<std::string> writing_since() const;

    // The counts as of the last commit.
    std::shared_ptr<const domain::tally> tally() const;

    // How many writes each commit carried (GET /metrics).
    const support::histogram& group_sizes() const { return group_sizes_; }

    static constexpr std::size_t max_group = 512;

private:
    struct queued {
        job run;
        done after;
    };
    void loop();
    struct attempt;
    attempt try_group(std::deque<queued>& group, const std::string& now, bool isolate);
    void run_group(std::deque<queued>& group);
    void load_state();
    long long data_version();
    void catch_up(attempt& a);
    struct transaction_statements;  // BEGIN, SAVEPOINT, RELEASE, COMMIT: prepared once

    const config::config& cfg_;
    std::unique_ptr<soci::session> sql_;
    std::unique_ptr<statements, void (*)(statements*)> prepared_{nullptr, destroy};
    std::unique_ptr<checkin_statements, void (*)(checkin_statements*)> checkins_{nullptr, destroy};
    std::unique_ptr<transaction_statements> transaction_;
    bool sqlite_;
    last_ids ids_;
    // SQLite's count of commits made by other connections (another process, such as `colloq
    // import`), as of the last state loaded: when it moves, the ids and counts are read again.
    long long data_version_ = 0;
    std::function<void()> outbox_listener_;
    std::function<void(soci::session&)> catch_up_listener_;
    support::histogram group_sizes_{{1, 2, 4, 8, 16, 32, 64, 128, 256, 512}};

    mutable std::mutex tally_mutex_;
    std::optional<std::string> writing_since_;  // guarded by tally_mutex_
    std::shared_ptr<const domain::tally> tally_;

    std::mutex queue_mutex_;
    std::condition_variable queue_cv_;
    std::deque<queued> queue_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace colloq::store
