// The store's side of the venue's security list: reading it with its changes, and freezing
// versions, after which the in-memory marks say who is on the list sent.
#include "colloq/domain/time.hpp"
#include "colloq/store/store.hpp"
#include "colloq/store/store_access.hpp"

namespace colloq::store {

void store::security_list(std::function<void(security_list_reply)> done, bool on_read_thread) {
    read<security_list_reply>([&cfg = cfg_](soci::session& sql, security_list_reply& r) {
        soci::transaction snapshot(sql);  // the list and the version read as of one moment
        r.current = current_security_list(sql, cfg);
        r.latest = latest_security_version(sql);
        if (r.latest) {
            r.sent = security_version_entries(sql, r.latest->version);
            r.changes = compare_security_lists(r.sent, r.current);
        }
        snapshot.commit();
    }, std::move(done), on_read_thread);
}

namespace {

struct freeze_result {
    bool failed = false;
    std::optional<security_version> frozen;
    security_ids ids;
};

}  // namespace

void store::freeze_security_list(long long staff_id, const std::string& reason, std::function<void(freeze_reply)> done) {
    write<freeze_result>([staff_id, reason](write_context& ctx, freeze_result& r) {
        r.frozen = freeze_security_version(ctx, staff_id, reason);
        r.ids = latest_security_ids(ctx.sql);
    }, std::function<void(freeze_result)>([this, done = std::move(done)](freeze_result r) {
        if (r.frozen) marks_.set(r.ids.version, std::move(r.ids.frozen_at), std::move(r.ids.ids));
        done({r.failed, std::move(r.frozen)});
    }));
}

void store::freeze_security_list_if_due(std::function<void(freeze_reply)> done) {
    if (!cfg_.security_list) return done({});
    write<freeze_result>([](write_context& ctx, freeze_result& r) {
        const auto& due = ctx.cfg.security_list->due_at;
        auto now = domain::parse_rfc3339(ctx.now);
        if (!now || now->utc < due.utc) return;
        if (auto latest = latest_security_version(ctx.sql)) {
            auto at = domain::parse_rfc3339(latest->frozen_at);
            if (at && at->utc >= due.utc) return;
        }
        r.frozen = freeze_security_version(ctx, 0, "due");
        r.ids = latest_security_ids(ctx.sql);
    }, std::function<void(freeze_result)>([this, done = std::move(done)](freeze_result r) {
        if (r.frozen) marks_.set(r.ids.version, std::move(r.ids.frozen_at), std::move(r.ids.ids));
        done({r.failed, std::move(r.frozen)});
    }));
}

}  // namespace colloq::store
