// The store's side of mailings: queueing one in the writer's transaction, and reading who an
// audience reaches and how far the mailings have gone.
#include "colloq/domain/time.hpp"
#include "colloq/store/registrations.hpp"
#include "colloq/store/store.hpp"
#include "colloq/store/store_access.hpp"

namespace colloq::store {

void store::queue_mailing(mailing_draft draft, std::optional<domain::instant> deadline,
                          std::function<void(mailing_reply)> done) {
    write<mailing_reply>([draft = std::move(draft), deadline](write_context& ctx, mailing_reply& r) {
        if (deadline) {
            auto now = domain::parse_rfc3339(ctx.now);
            if (now && now->utc >= deadline->utc) return;
        }
        r.queued = colloq::store::queue_mailing(ctx, draft);
    }, std::move(done));
}

void store::count_audience(audience to, std::function<void(audience_reply)> done) {
    read<audience_reply>([to = std::move(to), event = cfg_.event.slug](soci::session& sql, audience_reply& r) {
        auto ids = audience_ids(sql, event, to);
        r.recipients = static_cast<int>(ids.size());
        if (!ids.empty()) r.first = find_registration(sql, ids.front());
    }, std::move(done));
}

void store::opt_out_of_mailings(const std::string& token, std::function<void(lookup_reply)> done) {
    write<lookup_reply>([token](write_context& ctx, lookup_reply& r) {
        auto id = registration_for_token(ctx.sql, token);
        if (!id) return;
        ctx.sql << "UPDATE registrations SET mailings_opt_out = 1 WHERE id = :id", soci::use(*id);
        r.reg = find_registration(ctx.sql, *id);
        if (r.reg && r.reg->event != ctx.cfg.event.slug) r.reg.reset();
    }, std::move(done));
}

void store::list_mailings(std::optional<std::string> partner, std::function<void(mailings_reply)> done) {
    read<mailings_reply>([partner = std::move(partner)](soci::session& sql, mailings_reply& r) {
        r.mailings = recent_mailings(sql, partner, 200);
    }, std::move(done));
}

}  // namespace colloq::store
