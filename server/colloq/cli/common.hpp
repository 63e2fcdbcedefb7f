#pragma once
// What every sub-command shares: the config, the data directory and the database.
#include <optional>
#include <string>
#include <utility>

#include "colloq/config/config.hpp"
#include "colloq/store/database.hpp"
#include "colloq/tickets/signing.hpp"

namespace colloq::store { class store; }

namespace colloq::cli {

struct global_options {
    std::string config_path;  // empty: the built-in colloquium
    std::string data_dir = "./var";
    std::string db_url;       // empty: sqlite:<data>/colloq.db
};

// A failure to report in one line and exit 1.
struct failure : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Bad usage: reported in one line, exit 2.
struct usage_error : std::runtime_error {
    using std::runtime_error::runtime_error;
};

config::config load_config(const global_options& g);
// Creates the data directory when missing, and makes it and the files colloq keeps there the
// owner's alone (see private_files.hpp).
void ensure_data_dir(const global_options& g);
store::location database(const global_options& g);
// Applies pending migrations; returns how many it applied.
int migrate(const store::location& where);

// The badge-signing key of the data directory, created on first use.
tickets::key_pair load_key(const global_options& g);
int keys(const global_options& g, bool adopt);
// This data directory's server name (<data>/server-id, made at its first start): how its mail
// worker's claims are told from another server's.
std::string server_id(const global_options& g);
// Every server on one database signs with one key: records this one when none is, and throws
// a failure that says what to do when another is recorded.
void check_signing_key(const global_options& g, const store::location& where, const tickets::key_pair& key);

int serve(const global_options& g, const std::string& listen);
int backup(const global_options& g, const std::string& file);
int staff_add(const global_options& g, const std::string& email, const std::string& role,
              const std::string& partner, bool password_stdin);
int staff_list(const global_options& g);
int staff_set_disabled(const global_options& g, const std::string& email, bool disabled);
// A token lasts `days` days: from min_token_days to max_token_days, 365 by default.
inline constexpr int min_token_days = 1, max_token_days = 3650, default_token_days = 365;
int token_create(const global_options& g, const std::string& email, int days);
int token_list(const global_options& g, const std::string& email);  // email "": every account's
int token_revoke(const global_options& g, long long id);
int import_file(const global_options& g, const std::string& input, const std::string& partner, bool dry_run,
                bool send_email);
// `colloq purge [--dry-run]`: the retention period's purge, as `serve` runs it.
int purge(const global_options& g, bool dry_run);
int export_security_list(const global_options& g, const std::string& format, bool changes, const std::string& output);
int export_file(const global_options& g, const std::string& format, const std::string& partner,
                const std::string& output);

// With no staff account yet, creates an admin; returns its email and generated password.
std::optional<std::pair<std::string, std::string>> ensure_first_admin(store::store& db, const config::config& cfg);

}  // namespace colloq::cli
