#include "server_database.hpp"

#include <chrono>
#include <ctime>
#include <stdexcept>

#include <libpq-fe.h>
#include <sqlite3.h>

#include "server_process.hpp"

namespace colloq_it {

struct server_database::connection {
    virtual ~connection() = default;
    virtual std::vector<db_row> rows(const std::string& sql, const std::vector<std::string>& params) = 0;
};

namespace {

struct statement_deleter {
    void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};

struct sqlite_connection : server_database::connection {
    sqlite3* db = nullptr;

    explicit sqlite_connection(const std::filesystem::path& path) {
        if (!std::filesystem::exists(path)) throw std::runtime_error("no database file at " + path.string());
        if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
            std::string msg = db ? sqlite3_errmsg(db) : "out of memory";
            sqlite3_close(db);
            throw std::runtime_error("cannot open " + path.string() + ": " + msg);
        }
        sqlite3_busy_timeout(db, 10000);
    }
    ~sqlite_connection() override { sqlite3_close(db); }

    std::vector<db_row> rows(const std::string& sql, const std::vector<std::string>& params) override {
        sqlite3_stmt* raw = nullptr;
        if (sqlite3_prepare_v2(db, sql.c_str(), -1, &raw, nullptr) != SQLITE_OK)
            throw std::runtime_error("cannot prepare \"" + sql + "\": " + sqlite3_errmsg(db));
        std::unique_ptr<sqlite3_stmt, statement_deleter> stmt(raw);
        for (std::size_t i = 0; i < params.size(); ++i)
            sqlite3_bind_text(raw, static_cast<int>(i + 1), params[i].c_str(), -1, SQLITE_TRANSIENT);
        std::vector<db_row> out;
        for (;;) {
            int rc = sqlite3_step(raw);
            if (rc == SQLITE_DONE) break;
            if (rc != SQLITE_ROW) throw std::runtime_error("\"" + sql + "\": " + sqlite3_errmsg(db));
            db_row row;
            for (int c = 0; c < sqlite3_column_count(raw); ++c) {
                if (sqlite3_column_type(raw, c) == SQLITE_NULL) {
                    row.emplace_back();
                } else {
                    const auto* t = reinterpret_cast<const char*>(sqlite3_column_text(raw, c));
                    row.emplace_back(std::string(t, static_cast<std::size_t>(sqlite3_column_bytes(raw, c))));
                }
            }
            out.push_back(std::move(row));
        }
        return out;
    }
};

struct postgresql_connection : server_database::connection {
    PGconn* conn = nullptr;

    explicit postgresql_connection(const std::string& url) : conn(PQconnectdb(url.c_str())) {
        if (PQstatus(conn) != CONNECTION_OK) {
            std::string msg = PQerrorMessage(conn);
            PQfinish(conn);
            throw std::runtime_error("cannot connect to " + url + ": " + msg);
        }
    }
    ~postgresql_connection() override { PQfinish(conn); }

    // "?" placeholders become $1, $2… (the tests' statements hold no "?" in literals).
    static std::string numbered(const std::string& sql) {
        std::string out;
        int n = 0;
        for (char c : sql) {
            if (c == '?') out += "$" + std::to_string(++n);
            else out += c;
        }
        return out;
    }

    std::vector<db_row> rows(const std::string& sql, const std::vector<std::string>& params) override {
        std::vector<const char*> values;
        for (const auto& p : params) values.push_back(p.c_str());
        PGresult* r = PQexecParams(conn, numbered(sql).c_str(), static_cast<int>(values.size()), nullptr,
                                   values.data(), nullptr, nullptr, 0);
        auto status = PQresultStatus(r);
        if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
            std::string msg = PQresultErrorMessage(r);
            PQclear(r);
            throw std::runtime_error("\"" + sql + "\": " + msg);
        }
        std::vector<db_row> out;
        for (int i = 0; i < PQntuples(r); ++i) {
            db_row row;
            for (int c = 0; c < PQnfields(r); ++c) {
                if (PQgetisnull(r, i, c)) row.emplace_back();
                else row.emplace_back(std::string(PQgetvalue(r, i, c), static_cast<std::size_t>(PQgetlength(r, i, c))));
            }
            out.push_back(std::move(row));
        }
        PQclear(r);
        return out;
    }
};

}  // namespace

server_database::server_database(const server_process& server) {
    if (on_postgresql()) db_ = std::make_unique<postgresql_connection>(server.db_url());
    else db_ = std::make_unique<sqlite_connection>(server.db_path());
}

server_database::~server_database() = default;

std::vector<db_row> server_database::rows(const std::string& sql, const std::vector<std::string>& params) {
    return db_->rows(sql, params);
}

long long server_database::integer(const std::string& sql, const std::vector<std::string>& params) {
    auto r = rows(sql, params);
    if (r.empty() || r[0].empty() || !r[0][0]) throw std::runtime_error("no number from \"" + sql + "\"");
    return std::stoll(*r[0][0]);
}

std::string server_database::text(const std::string& sql, const std::vector<std::string>& params) {
    auto r = rows(sql, params);
    if (r.empty() || r[0].empty() || !r[0][0]) return {};
    return *r[0][0];
}

long long server_database::registrations() { return integer("SELECT count(*) FROM registrations"); }

long long server_database::with_status(const std::string& status) {
    return integer("SELECT count(*) FROM registrations WHERE status = ?", {status});
}

long long server_database::with_partner_status(const std::string& partner, const std::string& status) {
    return integer("SELECT count(*) FROM registrations WHERE partner = ? AND status = ?", {partner, status});
}

std::string server_database::status_of(const std::string& id) {
    return text("SELECT status FROM registrations WHERE CAST(id AS TEXT) = ?", {id});
}

std::string server_database::utc_in(int seconds) {
    auto at = std::chrono::system_clock::now() + std::chrono::seconds(seconds);
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(at.time_since_epoch()).count();
    std::time_t whole = static_cast<std::time_t>(ms / 1000);
    std::tm tm{};
    gmtime_r(&whole, &tm);
    char text[80];
    std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                  tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms % 1000));
    return text;
}

}  // namespace colloq_it
