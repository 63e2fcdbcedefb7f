// The store's check-in operations.
#include "colloq/domain/time.hpp"
#include "colloq/store/store.hpp"
#include "colloq/store/store_access.hpp"

namespace colloq::store {

void store::record_scans(std::shared_ptr<const std::vector<scan_request>> scans,
                         std::function<void(scans_reply)> done) {
    write<scans_reply>(
        [scans = std::move(scans)](write_context& ctx, scans_reply& r) {
            for (const auto& scan : *scans) r.outcomes.push_back(record_scan(ctx, scan));
        },
        std::move(done));
}

void store::door_list(std::optional<std::string> since, std::function<void(door_list_reply)> done) {
    read<door_list_reply>(
        [this, since = std::move(since), event = cfg_.event.slug](soci::session& sql, door_list_reply& r) {
            // A write begun before this read may commit after it, with rows dated when it began:
            // the list is "as of" that moment, so the next `since` catches them.
            r.as_of = domain::format_utc(domain::now());
            if (auto writing = writer_->writing_since(); writing && *writing < r.as_of) r.as_of = *writing;
            r.list = door_list_since(sql, event, since);
        },
        std::move(done));
}

}  // namespace colloq::store
