#pragma once
// The event's dated jobs, from its configuration: the security list's freeze at its due time,
// each reminder before the start (skipped once the event has begun), the thank-you to those who
// came once it has ended, and the purge once the retention period is over (then again every
// purge_interval, for registrations made since).
#include <string>
#include <vector>

#include "colloq/jobs/scheduler.hpp"
#include "colloq/store/store.hpp"

namespace colloq::jobs {

std::vector<dated_job> event_jobs(const config::config& cfg, store::store& db, const std::string& spool_dir);

}  // namespace colloq::jobs
