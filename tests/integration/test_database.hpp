#pragma once
// The database a test server uses: SQLite in its data directory (the default), or, when the
// environment's COLLOQ_IT_POSTGRES names a PostgreSQL server ("postgresql://user@host:port"),
// a fresh database of its own there, dropped afterwards.
#include <string>

namespace colloq_it {

bool on_postgresql();

class scratch_database {
public:
    // Creates one, on PostgreSQL; or uses `shared`, another server's, and leaves it be.
    explicit scratch_database(const std::string& shared = "");
    ~scratch_database();
    scratch_database(const scratch_database&) = delete;
    scratch_database& operator=(const scratch_database&) = delete;

    // The [database] section to append to a server's configuration; "" on SQLite.
    std::string config_section() const;
    const std::string& url() const { return url_; }

private:
    std::string name_, url_;
};

}  // namespace colloq_it
