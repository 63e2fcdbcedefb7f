#pragma once
// Runs the real `colloq serve` as a child process on a free port, with its own
// configuration and data directory in a fresh temporary directory.
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <sys/types.h>

#include "test_database.hpp"

namespace colloq_it {

struct partner_spec {
    std::string slug;
    std::string name;
    std::optional<int> quota;
    bool requires_approval = false;
};

// What goes into the generated TOML configuration.
struct server_options {
    int capacity = 300;
    std::vector<partner_spec> partners = {
        {"dextera", "Dextera", 80, false},
        {"dircab", "Dircab", 80, false},
        {"coopcab", "CoopCab", 80, false},
    };
    std::optional<std::string> registration_opens_at;
    std::optional<std::string> registration_closes_at;
    std::vector<std::string> server_lines;  // extra lines of the [server] section
    std::string questions_toml;             // [[questions]] sections, written as they are
    std::string sections_toml;              // more sections ([[reminders]], [after_event]…), as they are
    std::optional<std::string> starts_at;   // instead of event_starts_at
    std::optional<std::string> ends_at;     // instead of event_ends_at
    // Lines of the [limits] section. Tests register hundreds of people from 127.0.0.1, so
    // the per-address limit is raised unless a test sets its own.
    std::vector<std::string> limits_lines = {"registrations_per_address = 1000000"};
    // The server's open-file limit, soft and hard (setrlimit before exec); none: the test's own.
    std::optional<unsigned long> open_file_limit;
    // Several servers on one PostgreSQL database: another server's db_url(), and that server's
    // data directory, whose badge-signing key this one signs with too.
    std::string shared_database;
    std::filesystem::path key_from;
};

// The values written in [event], for tests that compare them with GET /api/event.
inline constexpr const char* event_slug = "colloque-test-2030";
inline constexpr const char* event_title = "L'IA dans les collectivités : essai d'intégration";
inline constexpr const char* event_organiser = "L'Inspiration politique";
inline constexpr const char* event_venue = "Sénat, Palais du Luxembourg, 15 rue de Vaugirard, 75006 Paris";
inline constexpr const char* event_starts_at = "2030-10-10T09:00:00+02:00";
inline constexpr const char* event_ends_at = "2030-10-10T13:00:00+02:00";

std::string make_config(const server_options& options);

// An RFC 3339 UTC instant this far from now (negative: in the past), to the second.
std::string utc_from_now(std::chrono::seconds offset);

// Creates a fresh directory under the system temporary directory; removes it when destroyed.
class temp_dir {
public:
    temp_dir();
    ~temp_dir();
    temp_dir(const temp_dir&) = delete;
    temp_dir& operator=(const temp_dir&) = delete;
    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

struct run_result {
    int exit_status = -1;  // exit code, or 128 + signal
    std::string out;
    std::string err;
    bool timed_out = false;
};

// Runs the colloq binary with these arguments to completion and captures its output.
run_result run_colloq(const std::vector<std::string>& args,
                      std::chrono::seconds timeout = std::chrono::seconds(20));

class server_process {
public:
    explicit server_process(server_options options = {});
    // Starts with this exact configuration text instead of a generated one.
    explicit server_process(const std::string& config_text, std::optional<unsigned long> open_file_limit = std::nullopt,
                            const std::string& shared_database = "", const std::filesystem::path& key_from = {});
    ~server_process();
    server_process(const server_process&) = delete;
    server_process& operator=(const server_process&) = delete;

    const std::string& base_url() const { return base_url_; }
    int port() const { return port_; }
    pid_t pid() const { return pid_; }
    bool running() const { return pid_ > 0; }
    std::filesystem::path data_dir() const { return dir_.path() / "data"; }
    std::filesystem::path db_path() const { return data_dir() / "colloq.db"; }
    // Its database for --db: sqlite:<db_path>, or its own PostgreSQL database.
    std::string db_url() const { return on_postgresql() ? database_.url() : "sqlite:" + db_path().string(); }
    std::filesystem::path config_path() const { return dir_.path() / "colloq.toml"; }
    std::filesystem::path log_path() const { return dir_.path() / "server.log"; }

    // Sends the signal and waits for the exit; returns the exit code (128 + signal when
    // killed by one, -1 when it had to be killed after `timeout`).
    int stop(int signal_number, std::chrono::seconds timeout = std::chrono::seconds(30));
    // SIGKILL, then reaps it.
    void kill9();
    // Starts it again on the same data directory, on a new port.
    void restart();
    // Replaces its configuration (read at the next start), on the same database.
    void write_config(const std::string& config_text);
    // Everything the server wrote on stderr, and on stdout.
    std::string log() const;
    std::string stdout_text() const;

private:
    void start();
    void reap(int status);
    void join_reader();

    temp_dir dir_;
    scratch_database database_;
    pid_t pid_ = -1;
    int port_ = 0;
    std::string base_url_;
    int exit_status_ = -1;
    std::optional<unsigned long> open_file_limit_;

    std::thread reader_;
    mutable std::mutex mutex_;
    std::condition_variable changed_;
    std::string stdout_;
    bool stdout_closed_ = false;
};

}  // namespace colloq_it
