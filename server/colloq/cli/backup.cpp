// `colloq backup FILE`: a consistent copy of the SQLite database, safe while the server runs.
#include <cstdio>
#include <filesystem>
#include <memory>

#include <sqlite3.h>

#include "colloq/cli/common.hpp"

namespace colloq::cli {

namespace {

using db_handle = std::unique_ptr<sqlite3, decltype(&sqlite3_close)>;

db_handle open_db(const std::string& path, int flags) {
    sqlite3* raw = nullptr;
    int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
    db_handle db(raw, &sqlite3_close);
    if (rc != SQLITE_OK)
        throw failure("cannot open " + path + ": " + (raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)));
    sqlite3_busy_timeout(raw, 10000);
    return db;
}

}  // namespace

int backup(const global_options& g, const std::string& file) {
    auto where = database(g);
    if (where.kind != store::backend::sqlite)
        throw failure("colloq backup copies SQLite databases; for PostgreSQL use pg_dump");
    if (!std::filesystem::exists(where.sqlite_path))
        throw failure("no database at " + where.sqlite_path + " (check --data or --db)");
    // Written beside the target, then renamed: a reader never sees half a backup.
    std::string partial = file + ".partial";
    std::remove(partial.c_str());
    {
        auto source = open_db(where.sqlite_path, SQLITE_OPEN_READONLY);
        auto target = open_db(partial, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
        sqlite3_backup* copy = sqlite3_backup_init(target.get(), "main", source.get(), "main");
        if (!copy) throw failure(std::string("backup failed: ") + sqlite3_errmsg(target.get()));
        int rc;
        do {
            rc = sqlite3_backup_step(copy, -1);  // the whole database in one read transaction
            if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) sqlite3_sleep(50);
        } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
        sqlite3_backup_finish(copy);
        if (rc != SQLITE_DONE) throw failure(std::string("backup failed: ") + sqlite3_errstr(rc));
    }
    std::error_code ec;
    std::filesystem::rename(partial, file, ec);
    if (ec) throw failure("cannot write " + file + ": " + ec.message());
    std::fprintf(stderr, "colloq: database copied to %s\n", file.c_str());
    return 0;
}

}  // namespace colloq::cli
