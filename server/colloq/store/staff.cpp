#include "colloq/store/staff.hpp"

#include <soci/soci.h>

namespace colloq::store {

namespace {

// Staff tables see few writes; the next id is read inside the writer's transaction.
long long next_id(soci::session& sql, const char* table) {
    long long id = 0;
    soci::indicator ind;
    sql << "SELECT MAX(id) FROM " << table, soci::into(id, ind);
    return (ind == soci::i_ok ? id : 0) + 1;
}

constexpr const char* staff_columns = "s.id, s.email, s.role, s.partner, s.password_hash";

}  // namespace

std::optional<long long> insert_staff(soci::session& sql, const staff_member& s, const std::string& now) {
    long long existing = 0;
    sql << "SELECT id FROM staff WHERE email = :e", soci::use(s.email), soci::into(existing);
    if (sql.got_data()) return std::nullopt;
    long long id = next_id(sql, "staff");
    sql << "INSERT INTO staff (id, email, role, partner, password_hash, created_at) "
           "VALUES (:id, :e, :r, :p, :h, :t)",
        soci::use(id), soci::use(s.email), soci::use(s.role), soci::use(s.partner), soci::use(s.password_hash),
        soci::use(now);
    return id;
}

long long insert_session(soci::session& sql, long long staff_id, const std::string& token_hash,
                         const std::string& csrf_hash, const std::string& now, const std::string& expires_at) {
    long long id = next_id(sql, "staff_sessions");
    sql << "INSERT INTO staff_sessions (id, staff_id, token_hash, csrf_hash, created_at, expires_at) "
           "VALUES (:id, :s, :h, :c, :t, :x)",
        soci::use(id), soci::use(staff_id), soci::use(token_hash), soci::use(csrf_hash), soci::use(now),
        soci::use(expires_at);
    return id;
}

void delete_session(soci::session& sql, long long id) {
    sql << "DELETE FROM staff_sessions WHERE id = :id", soci::use(id);
}

long long insert_api_token(soci::session& sql, long long staff_id, const std::string& token_hash,
                           const std::string& now) {
    long long id = next_id(sql, "api_tokens");
    sql << "INSERT INTO api_tokens (id, staff_id, token_hash, created_at) VALUES (:id, :s, :h, :t)",
        soci::use(id), soci::use(staff_id), soci::use(token_hash), soci::use(now);
    return id;
}

void insert_audit(soci::session& sql, const std::string& now, long long staff_id, const std::string& action,
                  std::optional<long long> registration_id, const std::string& detail) {
    long long id = next_id(sql, "audit_log");
    long long reg = registration_id.value_or(0);
    soci::indicator reg_ind = registration_id ? soci::i_ok : soci::i_null;
    sql << "INSERT INTO audit_log (id, at, staff_id, action, registration_id, detail) "
           "VALUES (:id, :t, :s, :a, :r, :d)",
        soci::use(id), soci::use(now), soci::use(staff_id), soci::use(action), soci::use(reg, reg_ind),
        soci::use(detail);
}

long long count_staff(soci::session& sql) {
    long long n = 0;
    sql << "SELECT COUNT(*) FROM staff", soci::into(n);
    return n;
}

std::optional<staff_member> find_staff_by_email(soci::session& sql, const std::string& email) {
    staff_member s;
    sql << "SELECT " << staff_columns << " FROM staff s WHERE s.email = :e", soci::use(email), soci::into(s.id),
        soci::into(s.email), soci::into(s.role), soci::into(s.partner), soci::into(s.password_hash);
    if (!sql.got_data()) return std::nullopt;
    return s;
}

std::optional<credential> find_session(soci::session& sql, long long id) {
    credential c;
    auto& s = c.staff;
    sql << "SELECT x.id, x.token_hash, x.csrf_hash, x.expires_at, " << staff_columns
        << " FROM staff_sessions x JOIN staff s ON s.id = x.staff_id WHERE x.id = :id",
        soci::use(id), soci::into(c.id), soci::into(c.token_hash), soci::into(c.csrf_hash), soci::into(c.expires_at),
        soci::into(s.id), soci::into(s.email), soci::into(s.role), soci::into(s.partner), soci::into(s.password_hash);
    if (!sql.got_data()) return std::nullopt;
    return c;
}

std::optional<credential> find_api_token(soci::session& sql, long long id) {
    credential c;
    auto& s = c.staff;
    sql << "SELECT x.id, x.token_hash, " << staff_columns
        << " FROM api_tokens x JOIN staff s ON s.id = x.staff_id WHERE x.id = :id",
        soci::use(id), soci::into(c.id), soci::into(c.token_hash), soci::into(s.id), soci::into(s.email),
        soci::into(s.role), soci::into(s.partner), soci::into(s.password_hash);
    if (!sql.got_data()) return std::nullopt;
    return c;
}

std::vector<audit_entry> recent_audit(soci::session& sql, int limit) {
    std::vector<audit_entry> out;
    audit_entry e;
    long long reg = 0;
    soci::indicator reg_ind;
    soci::statement st = (sql.prepare << "SELECT a.at, s.email, a.action, a.registration_id, a.detail "
                                         "FROM audit_log a JOIN staff s ON s.id = a.staff_id "
                                         "ORDER BY a.id DESC LIMIT :n",
                          soci::use(limit), soci::into(e.at), soci::into(e.staff_email), soci::into(e.action),
                          soci::into(reg, reg_ind), soci::into(e.detail));
    st.execute();
    while (st.fetch()) {
        e.registration_id = reg_ind == soci::i_ok ? std::optional(reg) : std::nullopt;
        out.push_back(e);
    }
    return out;
}

}  // namespace colloq::store
