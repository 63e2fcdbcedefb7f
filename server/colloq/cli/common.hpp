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
// Creates the data directory (owner only) when missing.
void ensure_data_dir(const global_options& g);
store::location database(const global_options& g);
// Applies pending migrations; returns how many it applied.
int migrate(const store::location& where);

// The badge-signing key of the data directory, created on first use.
tickets::key_pair load_key(const global_options& g);
int keys(const global_options& g);

int serve(const global_options& g, const std::string& listen);
int backup(const global_options& g, const std::string& file);
int staff_add(const global_options& g, const std::string& email, const std::string& role,
              const std::string& partner, bool password_stdin);
int token_create(const global_options& g, const std::string& email);
int export_file(const global_options& g, const std::string& format, const std::string& partner,
                const std::string& output);

// With no staff account yet, creates an admin; returns its email and generated password.
std::optional<std::pair<std::string, std::string>> ensure_first_admin(store::store& db, const config::config& cfg);

}  // namespace colloq::cli
