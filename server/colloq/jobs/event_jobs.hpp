#pragma once
// The event's dated jobs, from its configuration: the security list's freeze at its due time,
// each reminder before the start (skipped once the event has begun), and the thank-you to
// those who came once it has ended.
#include <vector>

#include "colloq/jobs/scheduler.hpp"
#include "colloq/store/store.hpp"

namespace colloq::jobs {

std::vector<dated_job> event_jobs(const config::config& cfg, store::store& db);

}  // namespace colloq::jobs
