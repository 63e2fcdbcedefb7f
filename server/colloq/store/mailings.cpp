#include "colloq/store/mailings.hpp"

#include <soci/soci.h>

#include "colloq/store/outbox.hpp"
#include "colloq/store/registrations.hpp"
#include "colloq/store/staff.hpp"
#include "colloq/store/writer.hpp"

namespace colloq::store {

std::vector<long long> audience_ids(soci::session& sql, const std::string& event, const audience& to) {
    std::vector<long long> ids;
    if (to.statuses.empty()) return ids;
    // The statuses are the domain's own words, never the request's text.
    // An anonymised registration has nobody left to write to.
    std::string query = "SELECT id FROM registrations WHERE event = :e AND anonymised_at IS NULL AND status IN (";
    for (std::size_t i = 0; i < to.statuses.size(); ++i)
        query += (i ? ", '" : "'") + std::string(domain::to_string(to.statuses[i])) + "'";
    query += ")";
    if (to.checked_in) query += *to.checked_in ? " AND checked_in_at IS NOT NULL" : " AND checked_in_at IS NULL";
    if (to.leave_out_opted_out) query += " AND mailings_opt_out = 0";
    std::string partner = to.partner.value_or("");
    int every_partner = to.partner ? 0 : 1;
    query += " AND (:every = 1 OR partner = :p) ORDER BY id";
    long long id = 0;
    soci::statement st = (sql.prepare << query, soci::use(event), soci::use(every_partner), soci::use(partner),
                          soci::into(id));
    st.execute();
    while (st.fetch()) ids.push_back(id);
    return ids;
}

std::optional<queued_mailing> queue_mailing(write_context& ctx, const mailing_draft& draft) {
    if (!draft.job_key.empty()) {
        int queued = 0;
        ctx.sql << "SELECT COUNT(*) FROM mailings WHERE job_key = :k", soci::use(draft.job_key), soci::into(queued);
        if (queued) return std::nullopt;
    }
    queued_mailing out;
    auto ids = audience_ids(ctx.sql, ctx.cfg.event.slug, draft.to);
    out.recipients = static_cast<int>(ids.size());
    if (draft.staff_id) {
        out.budget = spend_staff_budget(ctx.sql, draft.staff_id, ctx.now, {out.recipients, 1},
                                        ctx.cfg.limits.staff_emails_per_day);
        if (out.budget.refused) return out;
    }
    out.id = next_id(ctx.sql, "mailings");

    std::string job_key = draft.job_key, partner = draft.to.partner.value_or("");
    soci::indicator key_ind = job_key.empty() ? soci::i_null : soci::i_ok;
    soci::indicator staff_ind = draft.staff_id ? soci::i_ok : soci::i_null;
    soci::indicator partner_ind = draft.to.partner ? soci::i_ok : soci::i_null;
    int attach = draft.attach_badge ? 1 : 0;
    ctx.sql << "INSERT INTO mailings (id, at, kind, job_key, staff_id, partner, subject, body, attach_badge, "
               "audience, recipients) VALUES (:id, :at, :kind, :key, :staff, :partner, :subject, :body, :attach, "
               ":audience, :n)",
        soci::use(out.id), soci::use(ctx.now), soci::use(draft.kind), soci::use(job_key, key_ind),
        soci::use(draft.staff_id, staff_ind), soci::use(partner, partner_ind), soci::use(draft.subject),
        soci::use(draft.body), soci::use(attach), soci::use(draft.audience_json), soci::use(out.recipients);

    long long outbox_id = 0, registration_id = 0;
    std::string token;
    soci::statement insert = (ctx.sql.prepare << "INSERT INTO outbox (id, registration_id, kind, manage_token, "
                                                 "created_at, next_attempt_at, priority, mailing_id) VALUES "
                                                 "(:oid, :rid, :kind, :token, :created, :due, 1, :mid)",
                              soci::use(outbox_id), soci::use(registration_id), soci::use(draft.kind),
                              soci::use(token), soci::use(ctx.now), soci::use(ctx.now), soci::use(out.id));
    for (long long id : ids) {
        // Each e-mail carries a private link of its own: the ones sent before stay valid.
        token = add_link_and_email(ctx, id, draft.kind, "", false);
        registration_id = id;
        outbox_id = ++ctx.ids.outbox;
        insert.execute(true);
    }
    if (draft.staff_id)
        insert_audit(ctx.sql, ctx.now, draft.staff_id, "mailing", std::nullopt,
                     draft.subject + " (" + std::to_string(out.recipients) + ")");
    return out;
}

std::vector<mailing_summary> recent_mailings(soci::session& sql, const std::optional<std::string>& partner, int limit) {
    std::vector<mailing_summary> out;
    mailing_summary row;
    std::string partner_value, scope = partner.value_or("");
    soci::indicator partner_ind, staff_ind;
    std::string query =
        "SELECT m.id, m.at, m.kind, s.email, m.subject, m.partner, m.recipients, "
        "(SELECT COUNT(*) FROM outbox o WHERE o.mailing_id = m.id AND o.sent_at IS NOT NULL), "
        "(SELECT COUNT(*) FROM outbox o WHERE o.mailing_id = m.id AND o.sent_at IS NULL AND o.next_attempt_at = :never) "
        "FROM mailings m LEFT JOIN staff s ON s.id = m.staff_id "
        "WHERE (:every = 1 OR m.partner = :p) ORDER BY m.id DESC LIMIT :n";
    std::string never_due = never;
    int every_partner = partner ? 0 : 1;
    soci::statement st = (sql.prepare << query, soci::use(never_due), soci::use(every_partner), soci::use(scope),
                          soci::use(limit), soci::into(row.id), soci::into(row.at), soci::into(row.kind),
                          soci::into(row.staff_email, staff_ind), soci::into(row.subject),
                          soci::into(partner_value, partner_ind), soci::into(row.recipients), soci::into(row.sent),
                          soci::into(row.failed));
    st.execute();
    while (st.fetch()) {
        mailing_summary m = row;
        if (staff_ind != soci::i_ok) m.staff_email.clear();
        if (partner_ind == soci::i_ok) m.partner = partner_value;
        out.push_back(std::move(m));
    }
    return out;
}

}  // namespace colloq::store
