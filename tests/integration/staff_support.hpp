#pragma once
// What the staff-side tests share: the first admin's credentials, accounts and API tokens
// made with the real CLI, logging in, the emails of one registration in the .eml spool,
// and independent readers for the exports (Python's csv, openpyxl, pdftotext).
#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "http_client.hpp"
#include "server_process.hpp"

namespace colloq_it {

struct credentials {
    std::string email;
    std::string password;
};

// The admin the server made at its first start, read from its stdout (waits for the lines).
credentials first_admin(const server_process& server);

// `colloq staff add` on the server's data directory; returns the generated password
// (a test failure and "" when the command failed).
std::string add_staff(const server_process& server, const std::string& email, const std::string& role,
                      const std::string& partner = "");
// `colloq token create`; returns "ID.SECRET" (a test failure and "" when it failed).
std::string create_token(const server_process& server, const std::string& email);
// A staff account of this role with an API token: returns the token.
std::string staff_token(const server_process& server, const std::string& email, const std::string& role,
                        const std::string& partner = "");

// `colloq ARGS --config CFG --data DIR` (the global options go after the sub-command words).
run_result run_cli(const server_process& server, std::vector<std::string> words,
                   const std::vector<std::string>& options);


// A cookie session opened by POST /api/login.
struct staff_session {
    http_response response;
    std::string set_cookie;    // the whole Set-Cookie header
    std::string cookie_name;
    std::string cookie_value;
    std::string csrf;          // csrf_token from the body
    // Cookie, plus X-CSRF-Token unless told otherwise.
    header_list headers(bool with_csrf = true) const;
    header_list with_csrf(const std::string& token) const;
};

staff_session log_in(http_client& client, const std::string& email, const std::string& password);

// The attributes of a Set-Cookie header after the name=value pair, each trimmed.
std::vector<std::string> cookie_attributes(const std::string& set_cookie);

// The registrations of GET /api/registrations (with a query string), as objects.
std::vector<boost::json::object> staff_list(http_client& client, const header_list& auth,
                                            const std::string& query = "");
// One registration from the list by id; an empty object when it is not there.
boost::json::object find_by_id(const std::vector<boost::json::object>& list, const std::string& id);

// The names of the .eml files queued for one registration (outbox rows), in order,
// e.g. "00000012-approved.eml"; only those already written in the spool.
std::vector<std::string> spooled_mail(const server_process& server, const std::string& registration_id);
// Waits until `count` files of this kind exist for the registration; returns their names.
std::vector<std::string> wait_for_mail(const server_process& server, const std::string& registration_id,
                                       const std::string& kind, std::size_t count = 1,
                                       std::chrono::milliseconds timeout = std::chrono::seconds(15));

// GET /api/checkin/list: ticket ids by registration id, and the revoked ticket ids.
struct door_snapshot {
    std::vector<std::pair<std::string, std::string>> tickets;  // (registration id, ticket_id)
    std::vector<std::string> revoked;
    std::string ticket_of(const std::string& id) const;
};
door_snapshot door_list(http_client& client, const header_list& auth);

// Runs a program to completion; stdout and stderr captured apart.
run_result run_program(const std::vector<std::string>& argv, const std::string& stdin_text = "");

// CSV bytes read back by Python's csv module (utf-8-sig), each row as strings.
std::vector<std::vector<std::string>> read_csv(const std::string& bytes, char separator);

// An XLSX read back by openpyxl: its layout and every cell as {"t": type, "v": value},
// type one of "s" (text), "n" (number), "d" (datetime, v in ISO format), "f" (formula), "" (empty).
struct xlsx_sheet {
    std::string freeze_panes;
    std::string auto_filter;
    int max_row = 0;
    std::vector<double> widths;  // columns A..J
    std::vector<std::vector<boost::json::object>> rows;
};
xlsx_sheet read_xlsx(const std::string& bytes);

// `pdftotext -layout` of PDF bytes.
std::string pdf_text(const std::string& bytes);

bool text_has(const std::string& haystack, const std::string& needle);

}  // namespace colloq_it
