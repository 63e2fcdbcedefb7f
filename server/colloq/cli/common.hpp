#pragma once
// What every sub-command shares: the config, the data directory and the database.
#include <string>

#include "colloq/config/config.hpp"
#include "colloq/store/database.hpp"

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

config::config load_config(const global_options& g);
// Creates the data directory (owner only) when missing.
void ensure_data_dir(const global_options& g);
store::location database(const global_options& g);
// Applies pending migrations; returns how many it applied.
int migrate(const store::location& where);

int serve(const global_options& g, const std::string& listen);
int backup(const global_options& g, const std::string& file);

}  // namespace colloq::cli
