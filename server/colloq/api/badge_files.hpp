#pragma once
// The badge files (QR image, PDF, calendar entry) are rendered on a few threads of their own,
// never on a connection's thread, and once per ticket: what was rendered stays in a bounded
// cache, under a key that names the ticket, so that a re-issued badge is rendered afresh.
#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include "colloq/api/badge_cache.hpp"
#include "colloq/support/job_threads.hpp"

namespace colloq::api {

// The cache keys of one registration's files all start with this.
std::string badge_key_prefix(long long registration_id);

class badge_files {
public:
    using file = std::shared_ptr<const std::string>;

    badge_files(int threads, std::size_t max_waiting, std::size_t max_entries, std::size_t max_bytes);
    badge_files(const badge_files&) = delete;
    badge_files& operator=(const badge_files&) = delete;

    // The file under `key`: from the cache, on the caller's thread, or made by `render` on a
    // render thread, kept, and handed to `done` there (nullptr: it failed). False (and `done` is not called) when
    // too many renderings wait already.
    bool get(const std::string& key, std::function<std::string()> render, std::function<void(file)> done);

    badge_cache& cache() { return cache_; }

private:
    badge_cache cache_;
    support::job_threads renderers_;  // last: its threads stop before the cache goes
};

}  // namespace colloq::api
