#pragma once
// Where the data lives, and opening SOCI sessions on it with the right settings.
#include <memory>
#include <string>

namespace soci { class session; }

namespace colloq::store {

enum class backend { sqlite, postgresql };

struct location {
    backend kind = backend::sqlite;
    std::string sqlite_path;     // for sqlite
    std::string connect_string;  // what SOCI is given
};

// "sqlite:PATH" or "postgresql://user@host:port/db"; empty: sqlite under the data dir.
location parse_db_url(const std::string& url, const std::string& data_dir);

// WAL, synchronous=FULL, foreign keys and a busy timeout on SQLite.
std::unique_ptr<soci::session> open_session(const location& where);

// The directory of schema/ and web/: $COLLOQ_SHARE_DIR, else the source tree it was built from.
std::string share_dir();

}  // namespace colloq::store
