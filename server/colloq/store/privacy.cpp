#include "colloq/store/privacy.hpp"

#include <soci/soci.h>

#include "colloq/store/outbox.hpp"
#include "colloq/store/registrations.hpp"
#include "colloq/store/writer.hpp"

namespace colloq::store {

std::vector<long long> registrations_to_anonymise(soci::session& sql, const std::string& event, long long after,
                                                  const std::string& made_by, int limit) {
    std::vector<long long> ids;
    long long id = 0;
    soci::statement st = (sql.prepare << "SELECT id FROM registrations WHERE id > :after AND event = :e "
                                         "AND anonymised_at IS NULL AND created_at <= :made_by ORDER BY id LIMIT :n",
                          soci::use(after), soci::use(event), soci::use(made_by), soci::use(limit), soci::into(id));
    st.execute();
    while (st.fetch()) ids.push_back(id);
    return ids;
}

int count_to_anonymise(soci::session& sql, const std::string& event) {
    int n = 0;
    sql << "SELECT COUNT(*) FROM registrations WHERE event = :e AND anonymised_at IS NULL", soci::use(event), soci::into(n);
    return n;
}

std::vector<long long> anonymise(write_context& ctx, const std::vector<long long>& ids) {
    std::vector<long long> forgotten_mail;
    if (ids.empty()) return forgotten_mail;
    // One statement per table for the whole batch: the ids are numbers, written in the SQL.
    std::string in = "(";
    for (std::size_t i = 0; i < ids.size(); ++i) in += (i ? "," : "") + std::to_string(ids[i]);
    in += ")";
    {
        long long outbox_id = 0;
        soci::statement mail = (ctx.sql.prepare << "SELECT id FROM outbox WHERE registration_id IN " + in,
                                soci::into(outbox_id));
        mail.execute();
        while (mail.fetch()) forgotten_mail.push_back(outbox_id);
    }
    ctx.sql << "DELETE FROM outbox WHERE registration_id IN " + in;
    ctx.sql << "DELETE FROM manage_links WHERE registration_id IN " + in;
    ctx.sql << "UPDATE security_list_entries SET list_values = '[]' WHERE registration_id IN " + in;
    // email_norm keeps the live registrations' unique index satisfied without an address.
    ctx.sql << "UPDATE registrations SET first_name = '', last_name = '', email = '', "
               "email_norm = 'anonymised-' || id, organisation = '', role = '', answers = '{}', search_key = '', "
               "ticket_fingerprint = NULL, already_registered_at = NULL, anonymised_at = :t WHERE id IN " + in,
        soci::use(ctx.now);
    return forgotten_mail;
}

std::optional<erased> erase_registration(write_context& ctx, long long id) {
    auto reg = find_registration(ctx.sql, id);
    if (!reg || reg->event != ctx.cfg.event.slug) return std::nullopt;
    std::string anonymised_at;
    soci::indicator ind;
    ctx.sql << "SELECT anonymised_at FROM registrations WHERE id = :id", soci::use(id), soci::into(anonymised_at, ind);
    if (ind == soci::i_ok) return std::nullopt;
    erased out;
    out.id = id;
    if (reg->state != domain::status::cancelled) out.promoted = cancel_registration(ctx, id).promoted;
    out.forgotten_mail = anonymise(ctx, {id});
    // The last e-mail: its row alone keeps the address, until it is sent.
    long long outbox_id = ++ctx.ids.outbox;
    std::string kind = "erased", address = reg->email;
    ctx.sql << "INSERT INTO outbox (id, registration_id, kind, created_at, next_attempt_at, address) "
               "VALUES (:oid, :rid, :kind, :created, :due, :address)",
        soci::use(outbox_id), soci::use(id), soci::use(kind), soci::use(ctx.now), soci::use(ctx.now), soci::use(address);
    return out;
}

std::optional<person_record> person_record_of(soci::session& sql, long long registration_id) {
    auto reg = find_registration(sql, registration_id);
    if (!reg) return std::nullopt;
    person_record out;
    out.reg = std::move(*reg);
    std::string door;
    soci::indicator door_ind;
    sql << "SELECT checked_in_door FROM registrations WHERE id = :id", soci::use(registration_id),
        soci::into(door, door_ind);
    if (door_ind == soci::i_ok) out.checked_in_door = door;
    {
        person_record::email e;
        std::string sent, due;
        soci::indicator sent_ind;
        soci::statement st = (sql.prepare << "SELECT kind, created_at, sent_at, next_attempt_at FROM outbox "
                                             "WHERE registration_id = :id ORDER BY id",
                              soci::use(registration_id), soci::into(e.kind), soci::into(e.queued_at),
                              soci::into(sent, sent_ind), soci::into(due));
        st.execute();
        while (st.fetch()) {
            e.sent_at = sent_ind == soci::i_ok ? sent : "";
            e.refused = sent_ind != soci::i_ok && due == never;
            out.emails.push_back(e);
        }
    }
    {
        person_record::scan s;
        soci::statement st = (sql.prepare << "SELECT scanned_at, door, result FROM scans WHERE registration_id = :id "
                                             "ORDER BY scanned_at",
                              soci::use(registration_id), soci::into(s.at), soci::into(s.door), soci::into(s.result));
        st.execute();
        while (st.fetch()) out.scans.push_back(s);
    }
    {
        person_record::action a;
        soci::statement st = (sql.prepare << "SELECT at, action FROM audit_log WHERE registration_id = :id ORDER BY id",
                              soci::use(registration_id), soci::into(a.at), soci::into(a.action));
        st.execute();
        while (st.fetch()) out.actions.push_back(a);
    }
    return out;
}

}  // namespace colloq::store
