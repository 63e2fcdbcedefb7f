// The store's staff operations: accounts, sessions, API tokens, audit trail.
#include "colloq/store/store.hpp"
#include "colloq/store/store_access.hpp"

namespace colloq::store {

void store::count_staff(std::function<void(id_reply)> done) {
    read<id_reply>([](soci::session& sql, id_reply& r) { r.id = colloq::store::count_staff(sql); }, std::move(done));
}

void store::add_staff(staff_member member, std::function<void(id_reply)> done) {
    write<id_reply>([member = std::move(member)](write_context& ctx, id_reply& r) {
        r.id = insert_staff(ctx.sql, member, ctx.now);
    }, std::move(done));
}

void store::find_staff(std::string email, std::function<void(staff_reply)> done) {
    read<staff_reply>([email = std::move(email)](soci::session& sql, staff_reply& r) {
        r.found = find_staff_by_email(sql, email);
    }, std::move(done));
}

void store::add_session(long long staff_id, std::string token_hash, std::string csrf_hash, std::string expires_at,
                        std::function<void(id_reply)> done) {
    write<id_reply>([=](write_context& ctx, id_reply& r) {
        r.id = insert_session(ctx.sql, staff_id, token_hash, csrf_hash, ctx.now, expires_at);
    }, std::move(done));
}

void store::end_session(long long id, std::function<void(bool)> done) {
    write<id_reply>([id](write_context& ctx, id_reply&) { delete_session(ctx.sql, id); },
                    std::function<void(id_reply)>([done = std::move(done)](id_reply r) { done(!r.failed); }));
}

void store::add_api_token(long long staff_id, std::string token_hash, std::function<void(id_reply)> done) {
    write<id_reply>([=](write_context& ctx, id_reply& r) {
        r.id = insert_api_token(ctx.sql, staff_id, token_hash, ctx.now);
    }, std::move(done));
}

void store::find_credential(credential_kind kind, long long id, std::function<void(credential_reply)> done) {
    read<credential_reply>([kind, id](soci::session& sql, credential_reply& r) {
        r.found = kind == credential_kind::session ? find_session(sql, id) : find_api_token(sql, id);
    }, std::move(done));
}

void store::act_on_registration(long long id, staff_action action, long long staff_id,
                                std::optional<std::string> scope, std::function<void(action_reply)> done) {
    write<action_reply>([=](write_context& ctx, action_reply& r) {
        r.outcome = colloq::store::act_on_registration(ctx, id, action, staff_id, scope);
    }, std::move(done));
}

void store::edit_registration(long long id, registration_edit edit, long long staff_id,
                              std::optional<std::string> scope, std::function<void(action_reply)> done) {
    write<action_reply>([=, edit = std::move(edit)](write_context& ctx, action_reply& r) {
        r.outcome = colloq::store::edit_registration(ctx, id, edit, staff_id, scope);
    }, std::move(done));
}

void store::stats(std::function<void(stats_reply)> done) {
    read<stats_reply>([event = cfg_.event.slug](soci::session& sql, stats_reply& r) {
        stats_row row;
        soci::statement st = (sql.prepare << "SELECT partner, status, COUNT(*), "
                                             "SUM(CASE WHEN checked_in_at IS NULL THEN 0 ELSE 1 END) "
                                             "FROM registrations WHERE event = :e GROUP BY partner, status",
                              soci::use(event), soci::into(row.partner), soci::into(row.status), soci::into(row.count),
                              soci::into(row.checked_in));
        st.execute();
        while (st.fetch()) r.rows.push_back(row);
    }, std::move(done));
}

void store::audit_trail(int limit, std::function<void(audit_reply)> done) {
    read<audit_reply>([limit](soci::session& sql, audit_reply& r) { r.entries = recent_audit(sql, limit); },
                      std::move(done));
}

}  // namespace colloq::store
