#pragma once
// Reads and changes a test server's database directly, behind its back: its SQLite file (WAL
// lets a reader in next to a running server) or its PostgreSQL database (test_database.hpp).
// Statements use "?" placeholders on both.
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace colloq_it {

class server_process;

using db_row = std::vector<std::optional<std::string>>;

class server_database {
public:
    explicit server_database(const server_process& server);
    ~server_database();
    server_database(const server_database&) = delete;
    server_database& operator=(const server_database&) = delete;

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

    // The current time as the server writes it (RFC 3339 UTC, milliseconds), `seconds` from now.
    static std::string utc_in(int seconds);

    struct connection;

private:
    std::unique_ptr<connection> db_;
};

}  // namespace colloq_it
