// The store's side of importing invitees: one write job for the whole file, so that it is
// registered entirely or not at all.
#include "colloq/store/registrations.hpp"
#include "colloq/store/store.hpp"
#include "colloq/store/store_access.hpp"

namespace colloq::store {

void store::import_registrations(std::vector<domain::applicant> invitees, const registration_options& by, bool dry_run,
                                 std::function<void(import_reply)> done) {
    std::vector<new_registration> prepared;
    prepared.reserve(invitees.size());
    for (auto& a : invitees) {
        new_registration n = prepare_registration(std::move(a));
        n.made_by = by.staff_id;
        n.consent_version = consent_version_;
        n.audit_action = "import";
        n.send_email = by.send_email;
        prepared.push_back(std::move(n));
    }
    if (dry_run) {
        read<import_reply>([prepared = std::move(prepared), event = cfg_.event.slug](soci::session& sql, import_reply& r) {
            for (const auto& n : prepared) {
                auto live = live_registration(sql, event, n.email_norm);
                r.lines.push_back({live.value_or(0), live.has_value()});
            }
        }, std::move(done));
        return;
    }
    write<import_reply>([prepared = std::move(prepared)](write_context& ctx, import_reply& r) {
        for (const auto& n : prepared) {
            if (auto live = live_registration(ctx.sql, ctx.cfg.event.slug, n.email_norm)) {
                r.lines.push_back({*live, true});
                continue;
            }
            added made = add_registration(ctx, n);
            r.lines.push_back({made.reg.id, false, made.reg.state});
        }
    }, std::move(done));
}

}  // namespace colloq::store
