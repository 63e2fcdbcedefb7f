// The store's side of importing invitees: one write job for the whole file, so that it is
// registered entirely or not at all.
#include "colloq/store/registrations.hpp"
#include "colloq/store/staff.hpp"
#include "colloq/store/store.hpp"
#include "colloq/store/store_access.hpp"

namespace colloq::store {

void store::import_registrations(std::vector<domain::applicant> invitees, const registration_options& by, bool dry_run,
                                 std::optional<std::string> scope, std::function<void(import_reply)> done) {
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
    // A dry run writes too: it is recorded in the audit trail, like the import it foresees.
    write<import_reply>([prepared = std::move(prepared), scope = std::move(scope), dry_run,
                         staff_id = by.staff_id](write_context& ctx, import_reply& r) {
        // What each line meets first, before anything is written.
        std::vector<std::optional<live_match>> live;
        live.reserve(prepared.size());
        int emails = 0;
        for (const auto& n : prepared) {
            live.push_back(live_registration(ctx.sql, ctx.cfg.event.slug, n.email_norm));
            if (!live.back() && n.send_email) ++emails;
        }
        if (!dry_run && emails > 0 && staff_id) {
            r.budget = spend_staff_budget(ctx.sql, staff_id, ctx.now, {emails, 0}, ctx.cfg.limits.staff_emails_per_day);
            if (r.budget.refused) return;
        }
        int created = 0;
        for (std::size_t i = 0; i < prepared.size(); ++i) {
            if (const auto& found = live[i]) {
                // Registered under another partner or by the public: the importer learns only
                // that the address is taken, as anyone trying to register it would.
                bool visible = !scope || found->partner == *scope;
                r.lines.push_back({visible ? found->id : 0, true});
                continue;
            }
            ++created;
            if (dry_run) {
                r.lines.push_back({0, false});
                continue;
            }
            added made = add_registration(ctx, prepared[i]);
            if (made.already_registered)  // registered since it was looked up, by another server
                r.lines.push_back({!scope || made.reg.partner == scope ? made.reg.id : 0, true});
            else
                r.lines.push_back({made.reg.id, false, made.reg.state});
        }
        if (dry_run)
            insert_audit(ctx.sql, ctx.now, staff_id, "import_dry_run", std::nullopt,
                         std::to_string(prepared.size()) + " lines, " + std::to_string(created) + " to create");
    }, std::move(done));
}

}  // namespace colloq::store
