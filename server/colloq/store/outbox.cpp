#include "colloq/store/outbox.hpp"

#include <soci/soci.h>

#include "colloq/store/registrations.hpp"

namespace colloq::store {

std::vector<outbox_item> due_mail(soci::session& sql, const std::string& now, int limit) {
    std::vector<outbox_item> items;
    {
        outbox_item row;
        long long registration_id = 0;
        std::string token;
        soci::indicator token_ind;
        // Earliest due first, in the order of the index outbox_due: ordering by id alone made
        // SQLite sort the whole backlog on every call (25 ms with 200,000 e-mails waiting).
        soci::statement st =
            (sql.prepare << "SELECT id, kind, manage_token, attempts, created_at, registration_id FROM outbox "
                            "WHERE sent_at IS NULL AND next_attempt_at <= :now "
                            "ORDER BY next_attempt_at, id LIMIT :n",
             soci::use(now), soci::use(limit), soci::into(row.id), soci::into(row.kind),
             soci::into(token, token_ind), soci::into(row.attempts), soci::into(row.created_at),
             soci::into(registration_id));
        st.execute();
        while (st.fetch()) {
            row.manage_token = token_ind == soci::i_ok ? token : std::string();
            row.reg.id = registration_id;
            items.push_back(row);
        }
    }
    for (auto& item : items)
        if (auto reg = find_registration(sql, item.reg.id)) item.reg = std::move(*reg);
    return items;
}

std::optional<std::string> next_mail_due(soci::session& sql) {
    std::string due;
    soci::indicator ind;
    sql << "SELECT MIN(next_attempt_at) FROM outbox WHERE sent_at IS NULL", soci::into(due, ind);
    if (ind != soci::i_ok || due == never) return std::nullopt;
    return due;
}

void mark_sent(soci::session& sql, const std::vector<sent_mail>& sent, const std::string& now) {
    sent_mail m;
    // The link's secret is no longer needed once the email has left.
    soci::statement mark = (sql.prepare << "UPDATE outbox SET sent_at = :t, manage_token = NULL, "
                                           "attempts = attempts + 1, last_error = NULL WHERE id = :id",
                            soci::use(now), soci::use(m.outbox_id));
    soci::statement fingerprint = (sql.prepare << "UPDATE registrations SET ticket_fingerprint = :f "
                                                  "WHERE id = :id AND ticket_nonce = :n",
                                   soci::use(m.ticket_fingerprint), soci::use(m.registration_id),
                                   soci::use(m.ticket_nonce));
    for (const auto& each : sent) {
        m = each;
        mark.execute(true);
        if (!m.ticket_fingerprint.empty()) fingerprint.execute(true);
    }
}

void reschedule_mail(soci::session& sql, long long id, int attempts, const std::string& next_attempt_at,
                     const std::string& error) {
    sql << "UPDATE outbox SET attempts = :a, next_attempt_at = :n, last_error = :e WHERE id = :id",
        soci::use(attempts), soci::use(next_attempt_at), soci::use(error), soci::use(id);
}

void note_mail_error(soci::session& sql, long long id, const std::string& error) {
    sql << "UPDATE outbox SET last_error = :e WHERE id = :id", soci::use(error), soci::use(id);
}

void give_up_mail(soci::session& sql, long long id, int attempts, const std::string& error) {
    std::string at = never;
    sql << "UPDATE outbox SET attempts = :a, next_attempt_at = :n, last_error = :e, manage_token = NULL "
           "WHERE id = :id",
        soci::use(attempts), soci::use(at), soci::use(error), soci::use(id);
}

}  // namespace colloq::store
