#include "colloq/jobs/purge.hpp"

#include <chrono>
#include <thread>

#include "colloq/domain/time.hpp"
#include "colloq/mail/spool.hpp"
#include "colloq/support/wait_for.hpp"

namespace colloq::jobs {

using support::wait_for;

namespace {
// Each batch holds the writer for a few milliseconds; between two, the purge waits three times
// as long as the last one took, so that registering and scanning keep three quarters of the
// writer while it runs (on a quiet server, it simply takes four times as long).
constexpr int batch_size = 200;
constexpr int pause_factor = 3;
}

purge_summary run_purge(store::store& db, const std::string& spool_dir, bool dry_run) {
    purge_summary out;
    const auto started = std::chrono::steady_clock::now();
    const std::string made_by = domain::format_utc(domain::now());  // those made since wait for the next run
    long long after = 0;
    for (;;) {
        const auto batch_started = std::chrono::steady_clock::now();
        auto batch = wait_for<store::purge_reply>(
            [&](auto done) { db.purge_batch(batch_size, after, made_by, dry_run, std::move(done)); });
        if (batch.failed) {
            out.failed = true;
            break;
        }
        out.due = batch.due;
        after = batch.last_id;
        out.anonymised += batch.anonymised;
        out.spooled_files += mail::forget_spooled(spool_dir, batch.forgotten_mail);
        if (dry_run || batch.anonymised < batch_size) break;
        std::this_thread::sleep_for((std::chrono::steady_clock::now() - batch_started) * pause_factor);
    }
    if (dry_run || out.anonymised == 0) return out;
    if (!wait_for<bool>([&](auto done) { db.record_purge(out.anonymised, std::move(done)); })) out.failed = true;
    wait_for<bool>([&](auto done) { db.forget_old_pages(std::move(done)); });
    out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return out;
}

}  // namespace colloq::jobs
