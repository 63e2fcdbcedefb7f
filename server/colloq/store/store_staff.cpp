// The store's staff operations: accounts, sessions, API tokens, audit trail.
#include <map>

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

void store::add_api_token(long long staff_id, std::string token_hash, std::string expires_at,
                          std::function<void(id_reply)> done) {
    write<id_reply>([=](write_context& ctx, id_reply& r) {
        r.id = insert_api_token(ctx.sql, staff_id, token_hash, ctx.now, expires_at);
    }, std::move(done));
}

void store::list_staff(std::function<void(staff_list_reply)> done) {
    read<staff_list_reply>([](soci::session& sql, staff_list_reply& r) { r.staff = all_staff(sql); }, std::move(done));
}

void store::set_staff_disabled(std::string email, bool disabled, std::function<void(id_reply)> done) {
    write<id_reply>([email = std::move(email), disabled](write_context& ctx, id_reply& r) {
        if (colloq::store::set_staff_disabled(ctx.sql, email, disabled, ctx.now)) r.id = 1;
    }, std::function<void(id_reply)>([this, disabled, done = std::move(done)](id_reply r) {
        if (disabled && r.id) stamp_.renew();
        done(std::move(r));
    }));
}

void store::list_api_tokens(std::string email, std::function<void(token_list_reply)> done) {
    read<token_list_reply>([email = std::move(email)](soci::session& sql, token_list_reply& r) {
        r.tokens = colloq::store::list_api_tokens(sql, email);
    }, std::move(done));
}

void store::revoke_api_token(long long id, std::function<void(revoke_reply)> done) {
    write<revoke_reply>([id](write_context& ctx, revoke_reply& r) {
        r.outcome = colloq::store::revoke_api_token(ctx.sql, id, ctx.now);
    }, std::function<void(revoke_reply)>([this, done = std::move(done)](revoke_reply r) {
        if (r.outcome == revoke_outcome::revoked) stamp_.renew();
        done(std::move(r));
    }));
}

void store::record_token_use(long long id) {
    write<id_reply>([id](write_context& ctx, id_reply&) { colloq::store::record_token_use(ctx.sql, id, ctx.now); },
                    std::function<void(id_reply)>([](id_reply) {}));
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

namespace {

// Registrations made and cancelled per hour and partner, by hour.
std::vector<timeline_row> registration_timeline(soci::session& sql, const std::string& event) {
    std::map<std::pair<std::string, std::string>, timeline_row> by_hour;
    std::string hour, partner;
    int count = 0;
    for (bool cancellations : {false, true}) {
        // Times are stored as RFC 3339 UTC text: the first 13 characters name the hour.
        soci::statement st = (sql.prepare << (cancellations
                                                  ? "SELECT substr(updated_at, 1, 13), partner, COUNT(*) FROM registrations "
                                                    "WHERE event = :e AND status = 'cancelled' GROUP BY 1, 2"
                                                  : "SELECT substr(created_at, 1, 13), partner, COUNT(*) FROM registrations "
                                                    "WHERE event = :e GROUP BY 1, 2"),
                              soci::use(event), soci::into(hour), soci::into(partner), soci::into(count));
        st.execute();
        while (st.fetch()) {
            auto& row = by_hour[{hour, partner}];
            row.hour = hour;
            row.partner = partner;
            (cancellations ? row.cancelled : row.registered) += count;
        }
    }
    std::vector<timeline_row> out;
    for (auto& [key, row] : by_hour) out.push_back(std::move(row));
    return out;
}

}  // namespace

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
        r.timeline = registration_timeline(sql, event);
    }, std::move(done));
}

void store::audit_trail(int limit, std::function<void(audit_reply)> done) {
    read<audit_reply>([limit](soci::session& sql, audit_reply& r) { r.entries = recent_audit(sql, limit); },
                      std::move(done));
}

}  // namespace colloq::store
