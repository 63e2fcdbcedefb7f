// The store's side of personal data: the purge in batches, erasures, what a person may download,
// and the log truncated after them.
#include "colloq/domain/time.hpp"
#include "colloq/store/checkpointer.hpp"
#include "colloq/store/registrations.hpp"
#include "colloq/store/staff.hpp"
#include "colloq/store/store.hpp"
#include "colloq/store/store_access.hpp"

namespace colloq::store {

void store::purge_batch(int limit, long long after, std::string made_by, bool dry_run,
                        std::function<void(purge_reply)> done) {
    auto purge_at = cfg_.purge_at();
    auto due = [purge_at](const std::string& now) {
        auto at = domain::parse_rfc3339(now);
        return purge_at && at && at->utc >= *purge_at;
    };
    if (dry_run)
        return read<purge_reply>([due, event = cfg_.event.slug](soci::session& sql, purge_reply& r) {
            r.due = due(domain::format_utc(domain::now()));
            if (r.due) r.anonymised = count_to_anonymise(sql, event);
        }, std::move(done));
    write<purge_reply>([due, limit, after, made_by = std::move(made_by)](write_context& ctx, purge_reply& r) {
        r.due = due(ctx.now);
        if (!r.due) return;
        auto ids = registrations_to_anonymise(ctx.sql, ctx.cfg.event.slug, after, made_by, limit);
        r.forgotten_mail = anonymise(ctx, ids);
        r.anonymised = static_cast<int>(ids.size());
        r.last_id = ids.empty() ? after : ids.back();
    }, std::move(done));
}

namespace {
struct committed_reply {
    bool failed = false;
};
}  // namespace

void store::record_purge(int anonymised, std::function<void(bool)> done) {
    write<committed_reply>([anonymised](write_context& ctx, committed_reply&) {
        insert_audit(ctx.sql, ctx.now, 0, "purge", std::nullopt, std::to_string(anonymised) + " registrations anonymised");
    }, std::function<void(committed_reply)>([done = std::move(done)](committed_reply r) { done(!r.failed); }));
}

void store::erase_by_manage_token(std::string token, std::function<void(erase_reply)> done) {
    write<erase_reply>([token = std::move(token)](write_context& ctx, erase_reply& r) {
        if (auto id = registration_for_token(ctx.sql, token)) r.done = erase_registration(ctx, *id);
    }, std::move(done));
}

void store::erase_by_id(long long id, long long staff_id, std::function<void(erase_reply)> done) {
    write<erase_reply>([id, staff_id](write_context& ctx, erase_reply& r) {
        r.done = erase_registration(ctx, id);
        if (r.done) insert_audit(ctx.sql, ctx.now, staff_id, "erase", id, "");
    }, std::move(done));
}

void store::person_record_by_token(std::string token, std::function<void(person_reply)> done) {
    read<person_reply>([token = std::move(token), event = cfg_.event.slug](soci::session& sql, person_reply& r) {
        auto id = registration_for_token(sql, token);
        if (!id) return;
        r.record = person_record_of(sql, *id);
        if (r.record && r.record->reg.event != event) r.record.reset();
    }, std::move(done));
}

void store::forget_old_pages(std::function<void(bool)> done) {
    if (!checkpointer_) return done(true);
    checkpointer_->truncate_log(std::move(done));
}

}  // namespace colloq::store
