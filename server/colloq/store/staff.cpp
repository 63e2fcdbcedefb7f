#include "colloq/store/staff.hpp"

#include <soci/soci.h>

namespace colloq::store {

long long next_id(soci::session& sql, const char* table) {
    long long id = 0;
    soci::indicator ind;
    sql << "SELECT MAX(id) FROM " << table, soci::into(id, ind);
    return (ind == soci::i_ok ? id : 0) + 1;
}

namespace {

constexpr const char* staff_columns = "s.id, s.email, s.role, s.partner, s.password_hash, s.disabled_at";

// A staff row as SOCI fills it: disabled_at may be NULL.
struct staff_row {
    staff_member member;
    std::string disabled_at;
    soci::indicator disabled_ind = soci::i_null;
    staff_member get() {
        member.disabled = disabled_ind == soci::i_ok;
        return member;
    }
};

// Adds the columns of `staff_columns` to a prepared query's outputs.
template <class Prepared>
Prepared& into_staff(Prepared& query, staff_row& row) {
    auto& s = row.member;
    return (query, soci::into(s.id), soci::into(s.email), soci::into(s.role), soci::into(s.partner),
            soci::into(s.password_hash), soci::into(row.disabled_at, row.disabled_ind));
}

std::string text_or_empty(const std::string& value, soci::indicator ind) { return ind == soci::i_ok ? value : ""; }

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
                           const std::string& now, const std::string& expires_at) {
    long long id = next_id(sql, "api_tokens");
    sql << "INSERT INTO api_tokens (id, staff_id, token_hash, created_at, expires_at) VALUES (:id, :s, :h, :t, :x)",
        soci::use(id), soci::use(staff_id), soci::use(token_hash), soci::use(now), soci::use(expires_at);
    return id;
}

bool set_staff_disabled(soci::session& sql, const std::string& email, bool disabled, const std::string& now) {
    long long id = 0;
    sql << "SELECT id FROM staff WHERE email = :e", soci::use(email), soci::into(id);
    if (!sql.got_data()) return false;
    if (!disabled) {
        sql << "UPDATE staff SET disabled_at = NULL WHERE id = :id", soci::use(id);
        return true;
    }
    // A second `disable` keeps the first time.
    sql << "UPDATE staff SET disabled_at = :t WHERE id = :id AND disabled_at IS NULL", soci::use(now), soci::use(id);
    sql << "DELETE FROM staff_sessions WHERE staff_id = :id", soci::use(id);
    sql << "UPDATE api_tokens SET revoked_at = :t WHERE staff_id = :id AND revoked_at IS NULL", soci::use(now),
        soci::use(id);
    return true;
}

revoke_outcome revoke_api_token(soci::session& sql, long long id, const std::string& now) {
    std::string revoked_at;
    soci::indicator ind = soci::i_null;
    sql << "SELECT revoked_at FROM api_tokens WHERE id = :id", soci::use(id), soci::into(revoked_at, ind);
    if (!sql.got_data()) return revoke_outcome::unknown;
    if (ind == soci::i_ok) return revoke_outcome::already_revoked;
    sql << "UPDATE api_tokens SET revoked_at = :t WHERE id = :id", soci::use(now), soci::use(id);
    return revoke_outcome::revoked;
}

void record_token_use(soci::session& sql, long long id, const std::string& now) {
    sql << "UPDATE api_tokens SET last_used_at = :t WHERE id = :id", soci::use(now), soci::use(id);
}

void insert_audit(soci::session& sql, const std::string& now, long long staff_id, const std::string& action,
                  std::optional<long long> registration_id, const std::string& detail) {
    long long id = next_id(sql, "audit_log");
    long long reg = registration_id.value_or(0);
    soci::indicator reg_ind = registration_id ? soci::i_ok : soci::i_null;
    soci::indicator staff_ind = staff_id ? soci::i_ok : soci::i_null;  // 0: the server itself
    sql << "INSERT INTO audit_log (id, at, staff_id, action, registration_id, detail) "
           "VALUES (:id, :t, :s, :a, :r, :d)",
        soci::use(id), soci::use(now), soci::use(staff_id, staff_ind), soci::use(action), soci::use(reg, reg_ind),
        soci::use(detail);
}

long long count_staff(soci::session& sql) {
    long long n = 0;
    sql << "SELECT COUNT(*) FROM staff", soci::into(n);
    return n;
}

std::optional<staff_member> find_staff_by_email(soci::session& sql, const std::string& email) {
    staff_row row;
    auto query = (sql.prepare << "SELECT " << staff_columns << " FROM staff s WHERE s.email = :e", soci::use(email));
    soci::statement st = into_staff(query, row);
    st.execute();
    if (!st.fetch()) return std::nullopt;
    return row.get();
}

std::vector<staff_member> all_staff(soci::session& sql) {
    std::vector<staff_member> out;
    staff_row row;
    auto query = (sql.prepare << "SELECT " << staff_columns << " FROM staff s ORDER BY s.email");
    soci::statement st = into_staff(query, row);
    st.execute();
    while (st.fetch()) out.push_back(row.get());
    return out;
}

std::optional<credential> find_session(soci::session& sql, long long id) {
    credential c;
    staff_row row;
    auto query = (sql.prepare << "SELECT x.id, x.token_hash, x.csrf_hash, x.expires_at, " << staff_columns
                              << " FROM staff_sessions x JOIN staff s ON s.id = x.staff_id WHERE x.id = :id",
                  soci::use(id), soci::into(c.id), soci::into(c.token_hash), soci::into(c.csrf_hash),
                  soci::into(c.expires_at));
    soci::statement st = into_staff(query, row);
    st.execute();
    if (!st.fetch()) return std::nullopt;
    c.staff = row.get();
    return c;
}

std::optional<credential> find_api_token(soci::session& sql, long long id) {
    credential c;
    staff_row row;
    std::string revoked_at;
    soci::indicator expires_ind = soci::i_null, revoked_ind = soci::i_null, used_ind = soci::i_null;
    auto query = (sql.prepare << "SELECT x.id, x.token_hash, x.expires_at, x.revoked_at, x.last_used_at, "
                              << staff_columns << " FROM api_tokens x JOIN staff s ON s.id = x.staff_id WHERE x.id = :id",
                  soci::use(id), soci::into(c.id), soci::into(c.token_hash), soci::into(c.expires_at, expires_ind),
                  soci::into(revoked_at, revoked_ind), soci::into(c.last_used_at, used_ind));
    soci::statement st = into_staff(query, row);
    st.execute();
    if (!st.fetch()) return std::nullopt;
    c.expires_at = text_or_empty(c.expires_at, expires_ind);  // "": expired (never written by colloq)
    c.revoked = revoked_ind == soci::i_ok;
    c.last_used_at = text_or_empty(c.last_used_at, used_ind);
    c.staff = row.get();
    return c;
}

std::vector<api_token_info> list_api_tokens(soci::session& sql, const std::string& email) {
    std::vector<api_token_info> out;
    api_token_info t;
    soci::indicator expires_ind = soci::i_null, used_ind = soci::i_null, revoked_ind = soci::i_null;
    std::string select = "SELECT x.id, s.email, x.created_at, x.expires_at, x.last_used_at, x.revoked_at "
                         "FROM api_tokens x JOIN staff s ON s.id = x.staff_id ";
    select += email.empty() ? "WHERE s.email <> :e" : "WHERE s.email = :e";
    select += " ORDER BY x.id";
    soci::statement st = (sql.prepare << select, soci::use(email), soci::into(t.id), soci::into(t.email),
                          soci::into(t.created_at), soci::into(t.expires_at, expires_ind),
                          soci::into(t.last_used_at, used_ind), soci::into(t.revoked_at, revoked_ind));
    st.execute();
    while (st.fetch()) {
        api_token_info row = t;
        row.expires_at = text_or_empty(t.expires_at, expires_ind);
        row.last_used_at = text_or_empty(t.last_used_at, used_ind);
        row.revoked_at = text_or_empty(t.revoked_at, revoked_ind);
        out.push_back(std::move(row));
    }
    return out;
}

std::vector<audit_entry> recent_audit(soci::session& sql, int limit) {
    std::vector<audit_entry> out;
    audit_entry e;
    long long reg = 0;
    std::string staff;
    soci::indicator reg_ind, staff_ind;
    soci::statement st = (sql.prepare << "SELECT a.at, s.email, a.action, a.registration_id, a.detail "
                                         "FROM audit_log a LEFT JOIN staff s ON s.id = a.staff_id "
                                         "ORDER BY a.id DESC LIMIT :n",
                          soci::use(limit), soci::into(e.at), soci::into(staff, staff_ind), soci::into(e.action),
                          soci::into(reg, reg_ind), soci::into(e.detail));
    st.execute();
    while (st.fetch()) {
        e.staff_email = staff_ind == soci::i_ok ? staff : "";
        e.registration_id = reg_ind == soci::i_ok ? std::optional(reg) : std::nullopt;
        out.push_back(e);
    }
    return out;
}

}  // namespace colloq::store
