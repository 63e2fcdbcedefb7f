#include "test_database.hpp"

#include <atomic>
#include <cstdlib>
#include <stdexcept>

#include <unistd.h>

#include <libpq-fe.h>

namespace colloq_it {

namespace {

std::string server_url() {
    const char* url = std::getenv("COLLOQ_IT_POSTGRES");
    return url ? url : "";
}

// Runs one statement on the server's maintenance database.
void run_on_server(const std::string& statement) {
    PGconn* conn = PQconnectdb((server_url() + "/postgres").c_str());
    std::string error;
    if (PQstatus(conn) != CONNECTION_OK) {
        error = PQerrorMessage(conn);
    } else {
        PGresult* r = PQexec(conn, statement.c_str());
        if (PQresultStatus(r) != PGRES_COMMAND_OK) error = PQresultErrorMessage(r);
        PQclear(r);
    }
    PQfinish(conn);
    if (!error.empty()) throw std::runtime_error(statement + ": " + error);
}

}  // namespace

bool on_postgresql() { return !server_url().empty(); }

scratch_database::scratch_database(const std::string& shared) : url_(shared) {
    if (!on_postgresql() || !shared.empty()) return;
    static std::atomic<int> next{0};
    name_ = "colloq_it_" + std::to_string(getpid()) + "_" + std::to_string(++next);
    run_on_server("CREATE DATABASE " + name_);
    url_ = server_url() + "/" + name_;
}

scratch_database::~scratch_database() {
    if (name_.empty()) return;
    try {
        run_on_server("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
    } catch (const std::exception&) {
        // Left for the cluster's removal at the end of the run.
    }
}

std::string scratch_database::config_section() const {
    return url_.empty() ? "" : "\n[database]\nurl = \"" + url_ + "\"\n";
}

}  // namespace colloq_it
