#include "sqlite_file.hpp"

#include <memory>
#include <stdexcept>

#include <sqlite3.h>

namespace colloq_it {

namespace {

struct statement_deleter {
    void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};

}  // namespace

sqlite_file::sqlite_file(const std::filesystem::path& path) {
    if (!std::filesystem::exists(path)) throw std::runtime_error("no database file at " + path.string());
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
        std::string msg = db_ ? sqlite3_errmsg(db_) : "out of memory";
        sqlite3_close(db_);
        throw std::runtime_error("cannot open " + path.string() + ": " + msg);
    }
    sqlite3_busy_timeout(db_, 10000);
}

sqlite_file::~sqlite_file() { sqlite3_close(db_); }

std::vector<db_row> sqlite_file::rows(const std::string& sql, const std::vector<std::string>& params) {
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &raw, nullptr) != SQLITE_OK)
        throw std::runtime_error("cannot prepare \"" + sql + "\": " + sqlite3_errmsg(db_));
    std::unique_ptr<sqlite3_stmt, statement_deleter> stmt(raw);
    for (std::size_t i = 0; i < params.size(); ++i)
        sqlite3_bind_text(raw, static_cast<int>(i + 1), params[i].c_str(), -1, SQLITE_TRANSIENT);
    std::vector<db_row> out;
    for (;;) {
        int rc = sqlite3_step(raw);
        if (rc == SQLITE_DONE) break;
        if (rc != SQLITE_ROW) throw std::runtime_error("\"" + sql + "\": " + sqlite3_errmsg(db_));
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

long long sqlite_file::integer(const std::string& sql, const std::vector<std::string>& params) {
    auto r = rows(sql, params);
    if (r.empty() || r[0].empty() || !r[0][0]) throw std::runtime_error("no number from \"" + sql + "\"");
    return std::stoll(*r[0][0]);
}

std::string sqlite_file::text(const std::string& sql, const std::vector<std::string>& params) {
    auto r = rows(sql, params);
    if (r.empty() || r[0].empty() || !r[0][0]) return {};
    return *r[0][0];
}

long long sqlite_file::registrations() { return integer("SELECT count(*) FROM registrations"); }

long long sqlite_file::with_status(const std::string& status) {
    return integer("SELECT count(*) FROM registrations WHERE status = ?", {status});
}

long long sqlite_file::with_partner_status(const std::string& partner, const std::string& status) {
    return integer("SELECT count(*) FROM registrations WHERE partner = ? AND status = ?", {partner, status});
}

std::string sqlite_file::status_of(const std::string& id) {
    return text("SELECT status FROM registrations WHERE CAST(id AS TEXT) = ?", {id});
}

}  // namespace colloq_it
