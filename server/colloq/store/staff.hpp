#pragma once
// The SQL of staff accounts, sessions, API tokens and the audit trail.
#include <optional>
#include <string>
#include <vector>

namespace soci { class session; }

namespace colloq::store {

struct staff_member {
    long long id = 0;
    std::string email;
    std::string role;     // admin, partner, door
    std::string partner;  // slug for role partner, else ""
    std::string password_hash;
};

// A session or an API token, with its owner.
struct credential {
    long long id = 0;
    std::string token_hash;
    std::string csrf_hash;   // sessions only
    std::string expires_at;  // sessions only
    staff_member staff;
};

struct audit_entry {
    std::string at;
    std::string staff_email;
    std::string action;
    std::optional<long long> registration_id;
    std::string detail;
};

// Writer side. insert_staff returns nothing when the email is already taken.
std::optional<long long> insert_staff(soci::session& sql, const staff_member& s, const std::string& now);
long long insert_session(soci::session& sql, long long staff_id, const std::string& token_hash,
                         const std::string& csrf_hash, const std::string& now, const std::string& expires_at);
void delete_session(soci::session& sql, long long id);
long long insert_api_token(soci::session& sql, long long staff_id, const std::string& token_hash,
                           const std::string& now);
void insert_audit(soci::session& sql, const std::string& now, long long staff_id, const std::string& action,
                  std::optional<long long> registration_id, const std::string& detail);

// Reads.
long long count_staff(soci::session& sql);
std::optional<staff_member> find_staff_by_email(soci::session& sql, const std::string& email);
std::optional<credential> find_session(soci::session& sql, long long id);
std::optional<credential> find_api_token(soci::session& sql, long long id);
std::vector<audit_entry> recent_audit(soci::session& sql, int limit);

}  // namespace colloq::store
