#pragma once
// The retention period's purge ([privacy] retention_days): once ends_at + that many days have
// passed, every registration is anonymised, in batches so that the writer goes on with other
// work between them; then the purge is recorded in the audit trail with its count, the spooled
// e-mails of those people are deleted and the log is truncated. Run by `serve` (at start, then
// every purge_interval) and by `colloq purge`.
#include <string>

#include "colloq/store/store.hpp"

namespace colloq::jobs {

struct purge_summary {
    bool failed = false;
    bool due = false;     // the retention period is over (none: never, without retention_days)
    int anonymised = 0;   // or, for a dry run, would be
    int spooled_files = 0;
    double seconds = 0;   // from the first batch to the log truncated
};

purge_summary run_purge(store::store& db, const std::string& spool_dir, bool dry_run);

}  // namespace colloq::jobs
