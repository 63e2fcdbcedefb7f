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
    std::optional<frozen_version> frozen;
};

// Frozen by the clock at `due` unless a version was frozen at or after it already.
bool due_now(write_context& ctx, const domain::instant& due) {
    auto now = domain::parse_rfc3339(ctx.now);
    if (!now || now->utc < due.utc) return false;
    auto latest = latest_security_version(ctx.sql);
    auto at = latest ? domain::parse_rfc3339(latest->frozen_at) : std::nullopt;
    return !at || at->utc < due.utc;
}

}  // namespace

// Once committed, the marks say who the new version holds.
void store::freeze_with(std::function<std::optional<frozen_version>(write_context&)> freeze,
                        std::function<void(freeze_reply)> done) {
    write<freeze_result>([freeze = std::move(freeze)](write_context& ctx, freeze_result& r) { r.frozen = freeze(ctx); },
                         std::function<void(freeze_result)>([this, done = std::move(done)](freeze_result r) {
                             freeze_reply reply{r.failed, std::nullopt};
                             if (r.frozen) {
                                 const auto& v = r.frozen->version;
                                 marks_.set(v.version, v.frozen_at, std::move(r.frozen->ids));
                                 reply.frozen = v;
                             }
                             done(std::move(reply));
                         }));
}

void store::freeze_security_list(long long staff_id, const std::string& reason, std::function<void(freeze_reply)> done) {
    freeze_with([staff_id, reason](write_context& ctx) { return std::optional(freeze_security_version(ctx, staff_id, reason)); },
                std::move(done));
}

void store::freeze_security_list_if_due(std::function<void(freeze_reply)> done) {
    if (!cfg_.security_list) return done({});
    freeze_with([](write_context& ctx) -> std::optional<frozen_version> {
        if (!due_now(ctx, ctx.cfg.security_list->due_at)) return std::nullopt;
        return freeze_security_version(ctx, 0, "due");
    }, std::move(done));
}

}  // namespace colloq::store
