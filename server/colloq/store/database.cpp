#include "colloq/store/database.hpp"

#include <cstdlib>
#include <mutex>
#include <stdexcept>

#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>
#include <soci/postgresql/soci-postgresql.h>
#include <libpq-fe.h>

namespace colloq::store {

namespace {

// SOCI hands libpq a "key=value …" string and mangles a URI on its way: libpq itself turns
// the URI into those pairs, each value quoted as libpq wants.
std::string postgresql_conninfo(const std::string& url) {
    char* error = nullptr;
    PQconninfoOption* options = PQconninfoParse(url.c_str(), &error);
    if (!options) {
        std::string why = error ? error : "out of memory";
        PQfreemem(error);
        while (!why.empty() && why.back() == '\n') why.pop_back();
        throw std::invalid_argument("--db " + url + ": " + why);
    }
    std::string conninfo;
    for (auto* o = options; o->keyword; ++o) {
        if (!o->val) continue;
        std::string value;
        for (const char* c = o->val; *c; ++c) {
            if (*c == '\\' || *c == '\'') value += '\\';
            value += *c;
        }
        conninfo.append(conninfo.empty() ? "" : " ").append(o->keyword).append("='").append(value).append("'");
    }
    PQconninfoFree(options);
    return conninfo;
}

}  // namespace

location parse_db_url(const std::string& url, const std::string& data_dir) {
    location where;
    if (url.empty()) {
        where.sqlite_path = data_dir + "/colloq.db";
    } else if (url.rfind("sqlite:", 0) == 0) {
        where.sqlite_path = url.substr(7);
        if (where.sqlite_path.empty()) throw std::invalid_argument("--db sqlite: needs a file path, e.g. sqlite:var/colloq.db");
    } else if (url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0) {
        where.kind = backend::postgresql;
        where.connect_string = postgresql_conninfo(url);
        return where;
    } else {
        throw std::invalid_argument("--db must be sqlite:PATH or postgresql://user@host:port/dbname");
    }
    // SOCI's sqlite3 backend reads "key=value" pairs; quote the path so spaces survive.
    where.connect_string = "db=\"" + where.sqlite_path + "\" timeout=10 shared_cache=false";
    return where;
}

namespace {

// Set before SQLite opens its first connection. Each connection is used by one thread at a time
// (the writer, each reader, the checkpointer own theirs), so SQLite needs no lock of its own
// around every call; and no global memory statistics, which take a lock on every allocation.
void configure_sqlite_once() {
    static std::once_flag once;
    std::call_once(once, [] {
        sqlite_api::sqlite3_config(SQLITE_CONFIG_MULTITHREAD);  // SOCI's header declares SQLite in sqlite_api
        sqlite_api::sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    });
}

}  // namespace

std::unique_ptr<soci::session> open_session(const location& where) {
    if (where.kind == backend::postgresql) {
        auto sql = std::make_unique<soci::session>(*soci::factory_postgresql(), where.connect_string);
        *sql << "SET client_min_messages TO WARNING";  // no NOTICE lines on stderr ("already exists, skipping")
        return sql;
    }
    configure_sqlite_once();
    auto sql = std::make_unique<soci::session>(*soci::factory_sqlite3(), where.connect_string);
    *sql << "PRAGMA journal_mode=WAL";
    *sql << "PRAGMA synchronous=FULL";
    *sql << "PRAGMA foreign_keys=ON";
    // What is deleted or overwritten is zeroed in the file too: an erased name stays in no free
    // page (the log keeps old pages until a checkpoint: see store::forget_old_pages).
    *sql << "PRAGMA secure_delete=ON";
    *sql << "PRAGMA busy_timeout=10000";
    *sql << "PRAGMA cache_size=-16384";  // 16 MiB of pages per connection: the hot pages stay in memory
    return sql;
}

namespace {
// The pg_advisory_lock key of migrating: any number no other program on the database uses.
constexpr long long migrating_lock = 0x636f6c6c6f71'02;  // "colloq" 02
}  // namespace

void with_migration_lock(soci::session& sql, const location& where, const std::function<void()>& work) {
    if (where.kind != backend::postgresql) return work();
    sql << "SELECT pg_advisory_lock(:k)", soci::use(migrating_lock);
    try {
        work();
    } catch (...) {
        sql << "SELECT pg_advisory_unlock(:k)", soci::use(migrating_lock);
        throw;
    }
    sql << "SELECT pg_advisory_unlock(:k)", soci::use(migrating_lock);
}

std::string share_dir() {
    if (const char* dir = std::getenv("COLLOQ_SHARE_DIR"); dir && *dir) return dir;
    return COLLOQ_SOURCE_DIR;
}

}  // namespace colloq::store
