#pragma once
// Reads the server's SQLite database file directly, next to a running server (WAL
// lets a reader in) or after it stopped.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

struct sqlite3;

namespace colloq_it {

using db_row = std::vector<std::optional<std::string>>;

class sqlite_file {
public:
    explicit sqlite_file(const std::filesystem::path& path);
    ~sqlite_file();
    sqlite_file(const sqlite_file&) = delete;
    sqlite_file& operator=(const sqlite_file&) = delete;

    // Every row of a query, each value as text (nothing for NULL); parameters are bound as text.
    std::vector<db_row> rows(const std::string& sql, const std::vector<std::string>& params = {});
    // The first column of the first row, as a number.
    long long integer(const std::string& sql, const std::vector<std::string>& params = {});
    // A statement that returns no rows (an UPDATE made behind the server's back).
    void exec(const std::string& sql, const std::vector<std::string>& params = {}) { rows(sql, params); }
    // The first column of the first row, as text ("" for NULL or no row).
    std::string text(const std::string& sql, const std::vector<std::string>& params = {});

    // Shortcuts over the registrations table.
    long long registrations();
    long long with_status(const std::string& status);
    // partner "" is the public.
    long long with_partner_status(const std::string& partner, const std::string& status);
    // The status of one registration, "" when it is not there.
    std::string status_of(const std::string& id);

private:
    sqlite3* db_ = nullptr;
};

}  // namespace colloq_it
