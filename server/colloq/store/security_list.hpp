#pragma once
// The venue's security list ([security_list]): the list as it stands (the confirmed
// registrations, by name, with the configured columns), its frozen versions with the values
// sent, what changed since the last one, and which registrations are on it.
#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

#include "colloq/config/config.hpp"
#include "colloq/domain/registration.hpp"
#include "colloq/store/writer.hpp"

namespace soci { class session; }

namespace colloq::store {

struct security_entry {
    long long registration_id = 0;
    std::vector<std::string> values;  // one per column of its list
};

struct security_version {
    int version = 0;
    std::string frozen_at;
    std::string reason;     // due (by the clock), admin
    std::string frozen_by;  // the staff account's e-mail, or "" when frozen by the clock
    std::vector<std::string> columns;
    int entries = 0;
};

struct security_changes {
    std::vector<security_entry> added;    // on the list now, not on the version sent
    std::vector<security_entry> removed;  // on the version sent, no longer confirmed
    std::vector<std::pair<security_entry, security_entry>> changed;  // (as sent, as now)
};

// A registration's values for these columns: its fields (partner: the name) and answers.
std::vector<std::string> security_values(const domain::registration& r, const config::config& cfg,
                                         const std::vector<std::string>& columns);
// The confirmed registrations, in French order of last name then first name.
std::vector<security_entry> current_security_list(soci::session& sql, const config::config& cfg);
std::optional<security_version> latest_security_version(soci::session& sql);
// The entries of a version, in the order they were sent.
std::vector<security_entry> security_version_entries(soci::session& sql, int version);
// Compared column by column; both lists must have the same columns.
security_changes compare_security_lists(const std::vector<security_entry>& sent,
                                        const std::vector<security_entry>& now);

// Inside the writer's transaction: a new version with the list as it stands, and who is on it.
// `staff_id` 0: the clock.
struct frozen_version {
    security_version version;
    std::unordered_set<long long> ids;
};
frozen_version freeze_security_version(write_context& ctx, long long staff_id, const std::string& reason);

// Which registrations the last version sent holds, kept in memory for the door and the lists.
class security_marks {
public:
    explicit security_marks(bool configured) : configured_(configured) {}
    void set(int version, std::string frozen_at, std::unordered_set<long long> ids);
    // None when no list is configured; false until a version is frozen, then whether it holds `id`.
    std::optional<bool> of(long long id) const;
    // A version was sent, and without this registration: its name reached the venue late.
    bool sent_without(long long id) const;
    int version() const { return version_.load(std::memory_order_acquire); }  // 0: none frozen yet
    std::string frozen_at() const;  // of the last version; "" when none

private:
    struct state {
        int version = 0;
        std::string frozen_at;
        std::unordered_set<long long> ids;
    };
    const bool configured_;
    std::atomic<int> version_{0};  // read on every GET /api/event and public registration
    mutable std::mutex mutex_;
    std::shared_ptr<const state> state_ = std::make_shared<state>();
};

// The latest version's number, time and ids (for security_marks); version 0 when none.
struct security_ids {
    int version = 0;
    std::string frozen_at;
    std::unordered_set<long long> ids;
};
security_ids latest_security_ids(soci::session& sql);

}  // namespace colloq::store
