#pragma once
// Whether a session or API token read from the database still signs its holder in, and when
// a token's use is worth writing down. Read afresh on every request: the command line disables
// accounts and revokes tokens in the same database while the server runs, and that must hold
// from the very next request.
#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>
#include <unordered_map>

#include "colloq/domain/time.hpp"
#include "colloq/store/staff.hpp"

namespace colloq::auth {

// Not revoked, not past its expiry, and its account is enabled. `now`: RFC 3339 UTC as
// domain::format_utc writes it (the stored times are compared as text, as they sort).
bool still_valid(const store::credential& c, const std::string& now);

// Says when an API token's last use is worth a write: at most once per `interval` per token,
// whatever the request rate. The time read with the token (`stored_last_used`) counts, so
// several instances and restarts write no more often; the table of this process's own
// recent writes covers the moments before that write commits. At most `max_tokens` entries.
class token_use_throttle {
public:
    explicit token_use_throttle(std::chrono::seconds interval = std::chrono::seconds(60),
                                std::size_t max_tokens = 10000);
    token_use_throttle(const token_use_throttle&) = delete;
    token_use_throttle& operator=(const token_use_throttle&) = delete;

    // True when this use should be written (and it is then taken as written).
    bool should_record(long long token_id, const std::string& stored_last_used, domain::clock_time now);

private:
    std::chrono::seconds interval_;
    std::size_t max_tokens_;
    std::mutex mutex_;
    std::unordered_map<long long, domain::clock_time> written_;
};

}  // namespace colloq::auth
