#include "colloq/store/outbox.hpp"

#include <soci/soci.h>

#include "colloq/store/registrations.hpp"

namespace colloq::store {

namespace {

std::vector<outbox_item> due_of_priority(soci::session& sql, const std::string& now, int priority, int limit) {
    std::vector<outbox_item> items;
    outbox_item row;
    long long registration_id = 0, mailing_id = 0;
    int attach_badge = 0;
    std::string token, subject, body, address;
    soci::indicator token_ind, mailing_ind, subject_ind, body_ind, attach_ind, address_ind;
    // Earliest due first, in the order of the index outbox_due: ordering by id alone made
    // SQLite sort the whole backlog on every call (25 ms with 200,000 e-mails waiting).
    soci::statement st =
        (sql.prepare << "SELECT o.id, o.kind, o.manage_token, o.attempts, o.created_at, o.registration_id, "
                        "o.mailing_id, m.subject, m.body, m.attach_badge, o.address FROM outbox o "
                        "LEFT JOIN mailings m ON m.id = o.mailing_id "
                        "WHERE o.sent_at IS NULL AND o.priority = :p AND o.next_attempt_at <= :now "
                        "AND (o.claimed_until IS NULL OR o.claimed_until <= :claims_end) "
                        "ORDER BY o.next_attempt_at, o.id LIMIT :n",
         soci::use(priority), soci::use(now), soci::use(now), soci::use(limit), soci::into(row.id), soci::into(row.kind),
         soci::into(token, token_ind), soci::into(row.attempts), soci::into(row.created_at),
         soci::into(registration_id), soci::into(mailing_id, mailing_ind), soci::into(subject, subject_ind),
         soci::into(body, body_ind), soci::into(attach_badge, attach_ind), soci::into(address, address_ind));
    st.execute();
    while (st.fetch()) {
        row.manage_token = token_ind == soci::i_ok ? token : std::string();
        row.reg.id = registration_id;
        row.mailing_id = mailing_ind == soci::i_ok ? mailing_id : 0;
        row.subject = subject_ind == soci::i_ok ? subject : std::string();
        row.body = body_ind == soci::i_ok ? body : std::string();
        row.attach_badge = attach_ind == soci::i_ok && attach_badge != 0;
        row.address = address_ind == soci::i_ok ? address : std::string();
        items.push_back(row);
    }
    return items;
}

}  // namespace

std::vector<outbox_item> due_mail(soci::session& sql, const std::string& now, int limit, int bulk_limit) {
    auto items = due_of_priority(sql, now, 0, limit);
    if (items.empty()) items = due_of_priority(sql, now, 1, bulk_limit);
    for (auto& item : items)
        if (auto reg = find_registration(sql, item.reg.id)) item.reg = std::move(*reg);
    return items;
}

std::optional<std::string> next_mail_due(soci::session& sql) {
    std::string due;
    soci::indicator ind;
    sql << "SELECT MIN(CASE WHEN claimed_until > next_attempt_at THEN claimed_until ELSE next_attempt_at END) "
           "FROM outbox WHERE sent_at IS NULL",
        soci::into(due, ind);
    if (ind != soci::i_ok || due == never) return std::nullopt;
    return due;
}

std::vector<long long> mark_sent(soci::session& sql, const std::vector<sent_mail>& sent, const std::string& now) {
    std::vector<long long> gone;
    sent_mail m;
    // The link's secret, and an erased person's address, are no longer needed once the email has left.
    soci::statement mark = (sql.prepare << "UPDATE outbox SET sent_at = :t, manage_token = NULL, address = NULL, "
                                           "attempts = attempts + 1, last_error = NULL WHERE id = :id",
                            soci::use(now), soci::use(m.outbox_id));
    soci::statement fingerprint = (sql.prepare << "UPDATE registrations SET ticket_fingerprint = :f "
                                                  "WHERE id = :id AND ticket_nonce = :n",
                                   soci::use(m.ticket_fingerprint), soci::use(m.registration_id),
                                   soci::use(m.ticket_nonce));
    for (const auto& each : sent) {
        m = each;
        mark.execute(true);
        if (mark.get_affected_rows() == 0) {
            gone.push_back(m.outbox_id);
            continue;
        }
        if (!m.ticket_fingerprint.empty()) fingerprint.execute(true);
    }
    return gone;
}

void claim_mail(soci::session& sql, const std::vector<outbox_item>& items, const std::string& until,
                const std::string& by) {
    long long id = 0;
    soci::statement claim = (sql.prepare << "UPDATE outbox SET claimed_until = :u, claimed_by = :b WHERE id = :id",
                             soci::use(until), soci::use(by), soci::use(id));
    for (const auto& item : items) {
        id = item.id;
        claim.execute(true);
    }
}

void release_mail_claims(soci::session& sql, const std::vector<long long>& ids) {
    long long id = 0;
    soci::statement release = (sql.prepare << "UPDATE outbox SET claimed_until = NULL WHERE id = :id", soci::use(id));
    for (long long each : ids) {
        id = each;
        release.execute(true);
    }
}

void release_mail_claims_of(soci::session& sql, const std::string& server_id) {
    sql << "UPDATE outbox SET claimed_until = NULL WHERE claimed_by = :b AND sent_at IS NULL", soci::use(server_id);
}

void reschedule_mail(soci::session& sql, long long id, int attempts, const std::string& next_attempt_at,
                     const std::string& error) {
    sql << "UPDATE outbox SET attempts = :a, next_attempt_at = :n, last_error = :e, claimed_until = NULL WHERE id = :id",
        soci::use(attempts), soci::use(next_attempt_at), soci::use(error), soci::use(id);
}

void note_mail_error(soci::session& sql, long long id, const std::string& error) {
    sql << "UPDATE outbox SET last_error = :e, claimed_until = NULL WHERE id = :id", soci::use(error), soci::use(id);
}

void give_up_mail(soci::session& sql, long long id, int attempts, const std::string& error) {
    std::string at = never;
    sql << "UPDATE outbox SET attempts = :a, next_attempt_at = :n, last_error = :e, manage_token = NULL, address = NULL, "
           "claimed_until = NULL WHERE id = :id",
        soci::use(attempts), soci::use(at), soci::use(error), soci::use(id);
}

std::vector<std::pair<std::string, long long>> count_mail_by_state(soci::session& sql) {
    std::vector<std::pair<std::string, long long>> counts{{"waiting", 0}, {"retrying", 0}, {"failed", 0}, {"sent", 0}};
    std::string state, given_up = never;
    long long n = 0;
    soci::statement st = (sql.prepare << "SELECT CASE WHEN sent_at IS NOT NULL THEN 'sent' "
                                         "WHEN next_attempt_at = :never THEN 'failed' "
                                         "WHEN attempts > 0 OR last_error IS NOT NULL THEN 'retrying' "
                                         "ELSE 'waiting' END, COUNT(*) FROM outbox GROUP BY 1",
                          soci::use(given_up), soci::into(state), soci::into(n));
    st.execute();
    while (st.fetch())
        for (auto& [name, count] : counts)
            if (name == state) count = n;
    return counts;
}

}  // namespace colloq::store
