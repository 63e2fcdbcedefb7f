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
    bool disabled = false;  // may not sign in; has no session nor live token
};

// A session or an API token, with its owner.
struct credential {
    long long id = 0;
    std::string token_hash;
    std::string csrf_hash;     // sessions only
    std::string expires_at;
    bool revoked = false;      // API tokens only
    std::string last_used_at;  // API tokens only; "" when never recorded
    staff_member staff;
};

// An API token as `colloq token list` shows it (never its secret nor its hash).
struct api_token_info {
    long long id = 0;
    std::string email;
    std::string created_at;
    std::string expires_at;
    std::string last_used_at;  // "" when never
    std::string revoked_at;    // "" when not revoked
};

struct audit_entry {
    std::string at;
    std::string staff_email;  // "" when the server itself acted (a purge)
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
                           const std::string& now, const std::string& expires_at);
// Disabling ends the account's sessions and revokes its tokens in the same transaction.
// False when no account has this email.
bool set_staff_disabled(soci::session& sql, const std::string& email, bool disabled, const std::string& now);
enum class revoke_outcome { revoked, already_revoked, unknown };
revoke_outcome revoke_api_token(soci::session& sql, long long id, const std::string& now);
void record_token_use(soci::session& sql, long long id, const std::string& now);
// For tables that see few writes (staff, audit, mailings): read inside the writer's transaction.
long long next_id(soci::session& sql, const char* table);
void insert_audit(soci::session& sql, const std::string& now, long long staff_id, const std::string& action,
                  std::optional<long long> registration_id, const std::string& detail);

// Reads.
long long count_staff(soci::session& sql);
std::optional<staff_member> find_staff_by_email(soci::session& sql, const std::string& email);
std::optional<credential> find_session(soci::session& sql, long long id);
std::optional<credential> find_api_token(soci::session& sql, long long id);
std::vector<audit_entry> recent_audit(soci::session& sql, int limit);
std::vector<staff_member> all_staff(soci::session& sql);  // by email
// Every token, or those of one account (email ""), by id.
std::vector<api_token_info> list_api_tokens(soci::session& sql, const std::string& email);

}  // namespace colloq::store
