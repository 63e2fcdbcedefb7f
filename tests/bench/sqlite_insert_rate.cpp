// Reference for scripts/bench: how many registration-shaped rows per second
// SQLite commits when every row is its own durable transaction
// (WAL, synchronous=FULL, BEGIN / INSERT / COMMIT per row).
//
// usage: sqlite_insert_rate FILE [--seconds N] [--rows M] [--per-transaction K]
// FILE must not exist yet (a fresh database, with no -wal or -shm beside it).
// Stops after N seconds (default 10) or M rows, whichever comes first, and
// prints one line: rows=<count> seconds=<elapsed> rows_per_sec=<rate>
// With K, each transaction holds K rows (an import's reference: M rows in one).

#include <sqlite3.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

namespace {

struct db_closer {
    void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
struct stmt_finalizer {
    void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};
using db_ptr = std::unique_ptr<sqlite3, db_closer>;
using stmt_ptr = std::unique_ptr<sqlite3_stmt, stmt_finalizer>;

[[noreturn]] void fail(sqlite3* db, std::string_view what) {
    throw std::runtime_error(std::string(what) + ": " + (db ? sqlite3_errmsg(db) : "out of memory"));
}

void exec(sqlite3* db, const char* sql) {
    char* err = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &err) != SQLITE_OK) {
        std::string msg = err ? err : sqlite3_errmsg(db);
        sqlite3_free(err);
        throw std::runtime_error(std::string(sql) + ": " + msg);
    }
}

stmt_ptr prepare(sqlite3* db, const char* sql) {
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(db, sql, -1, &s, nullptr) != SQLITE_OK) fail(db, sql);
    return stmt_ptr(s);
}

void step_done(sqlite3* db, sqlite3_stmt* s, const char* what) {
    if (sqlite3_step(s) != SQLITE_DONE) fail(db, what);
    sqlite3_reset(s);
}

std::string journal_mode(sqlite3* db) {
    auto s = prepare(db, "PRAGMA journal_mode");
    if (sqlite3_step(s.get()) != SQLITE_ROW) fail(db, "PRAGMA journal_mode");
    return reinterpret_cast<const char*>(sqlite3_column_text(s.get(), 0));
}

void bind_text(sqlite3* db, sqlite3_stmt* s, int index, const std::string& value) {
    if (sqlite3_bind_text(s, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT) != SQLITE_OK)
        fail(db, "bind");
}

struct options {
    std::string file;
    double seconds = 10;
    long long rows = -1;  // no bound on rows
    long long per_transaction = 1;
};

options parse(int argc, char** argv) {
    options o;
    for (int i = 1; i < argc; ++i) {
        std::string_view a = argv[i];
        if ((a == "--seconds" || a == "--rows" || a == "--per-transaction") && i + 1 < argc) {
            char* end = nullptr;
            const char* v = argv[++i];
            if (a == "--seconds") o.seconds = std::strtod(v, &end);
            else if (a == "--rows") o.rows = std::strtoll(v, &end, 10);
            else o.per_transaction = std::strtoll(v, &end, 10);
            if (!end || *end != '\0' || o.seconds <= 0 || o.rows == 0 || o.per_transaction <= 0)
                throw std::invalid_argument(std::string(a) + " wants a positive number, got " + v);
        } else if (o.file.empty() && !a.starts_with("-")) {
            o.file = a;
        } else {
            throw std::invalid_argument("unexpected argument " + std::string(a));
        }
    }
    if (o.file.empty()) throw std::invalid_argument("missing FILE");
    return o;
}

}  // namespace

int main(int argc, char** argv) {
    options opt;
    try {
        opt = parse(argc, argv);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "sqlite_insert_rate: %s\nusage: sqlite_insert_rate FILE [--seconds N] [--rows M] [--per-transaction K]\n", e.what());
        return 2;
    }
    try {
        for (const char* suffix : {"", "-wal", "-shm"}) {
            if (std::filesystem::exists(opt.file + suffix))
                throw std::runtime_error(opt.file + suffix + " already exists; give the path of a new file");
        }

        sqlite3* raw = nullptr;
        int rc = sqlite3_open_v2(opt.file.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
        db_ptr db(raw);
        if (rc != SQLITE_OK) fail(raw, "open " + opt.file);

        exec(db.get(), "PRAGMA journal_mode=WAL");
        exec(db.get(), "PRAGMA synchronous=FULL");
        if (journal_mode(db.get()) != "wal") throw std::runtime_error("the file system refused WAL mode");
        exec(db.get(),
             "CREATE TABLE registrations ("
             " id INTEGER PRIMARY KEY,"
             " event TEXT NOT NULL,"
             " first_name TEXT NOT NULL,"
             " last_name TEXT NOT NULL,"
             " email TEXT NOT NULL,"
             " email_key TEXT NOT NULL UNIQUE,"
             " organisation TEXT NOT NULL,"
             " role TEXT NOT NULL,"
             " partner TEXT,"
             " status TEXT NOT NULL,"
             " manage_token_hash TEXT NOT NULL,"
             " created_at TEXT NOT NULL)");

        auto begin = prepare(db.get(), "BEGIN");
        auto commit = prepare(db.get(), "COMMIT");
        auto insert = prepare(db.get(),
                              "INSERT INTO registrations (event, first_name, last_name, email, email_key,"
                              " organisation, role, partner, status, manage_token_hash, created_at)"
                              " VALUES ('bench', ?1, ?2, ?3, ?4, ?5, ?6, NULL, 'confirmed', ?7,"
                              " strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))");

        using clock = std::chrono::steady_clock;
        const auto start = clock::now();
        const auto deadline = start + std::chrono::duration_cast<clock::duration>(std::chrono::duration<double>(opt.seconds));
        long long rows = 0;
        auto now = start;
        const std::string first = "Bench", last = "Nom", organisation = "Ville", role = "Agent";
        while ((opt.rows < 0 || rows < opt.rows) && now < deadline) {
            const std::string email = "bench-raw-" + std::to_string(rows) + "@bench.invalid";
            // Stands in for the hash of a 128-bit manage token (64 hex digits).
            std::string token_hash(64, '0');
            std::snprintf(token_hash.data(), token_hash.size() + 1, "%064llx", rows);

            if (rows % opt.per_transaction == 0) step_done(db.get(), begin.get(), "BEGIN");
            bind_text(db.get(), insert.get(), 1, first);
            bind_text(db.get(), insert.get(), 2, last);
            bind_text(db.get(), insert.get(), 3, email);
            bind_text(db.get(), insert.get(), 4, email);
            bind_text(db.get(), insert.get(), 5, organisation);
            bind_text(db.get(), insert.get(), 6, role);
            bind_text(db.get(), insert.get(), 7, token_hash);
            step_done(db.get(), insert.get(), "INSERT");
            ++rows;
            if (rows % opt.per_transaction == 0) step_done(db.get(), commit.get(), "COMMIT");
            now = clock::now();
        }
        if (rows % opt.per_transaction != 0) step_done(db.get(), commit.get(), "COMMIT");
        now = clock::now();
        const double elapsed = std::chrono::duration<double>(now - start).count();
        std::printf("rows=%lld seconds=%.3f rows_per_sec=%.1f\n", rows, elapsed, elapsed > 0 ? rows / elapsed : 0.0);
        return 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "sqlite_insert_rate: %s\n", e.what());
        return 1;
    }
}
