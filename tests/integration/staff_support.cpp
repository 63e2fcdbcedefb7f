#include "staff_support.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "server_database.hpp"
#include "test_support.hpp"

extern char** environ;

namespace colloq_it {

namespace fs = std::filesystem;
namespace json = boost::json;
using namespace std::chrono_literals;

namespace {

std::string read_bytes(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

void write_bytes(const fs::path& p, const std::string& bytes) {
    std::ofstream(p, std::ios::binary) << bytes;
}

std::string trim(const std::string& s) {
    auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string::npos) return {};
    auto e = s.find_last_not_of(" \t\r\n");
    return s.substr(b, e - b + 1);
}

std::string last_word(const std::string& line) {
    std::string t = trim(line);
    auto space = t.find_last_of(" \t");
    return space == std::string::npos ? t : t.substr(space + 1);
}

// The line of `text` that contains `marker`, complete (ending in a newline); "" otherwise.
std::string complete_line_with(const std::string& text, const std::string& marker) {
    auto at = text.find(marker);
    if (at == std::string::npos) return {};
    auto begin = text.rfind('\n', at);
    begin = begin == std::string::npos ? 0 : begin + 1;
    auto end = text.find('\n', at);
    if (end == std::string::npos) return {};
    return text.substr(begin, end - begin);
}

const char* csv_script = R"(
import csv, json, sys
with open(sys.argv[1], encoding='utf-8-sig', newline='') as f:
    rows = list(csv.reader(f, delimiter=sys.argv[2], strict=True))
json.dump(rows, sys.stdout)
)";

const char* xlsx_script = R"(
import datetime, json, sys
import openpyxl
from openpyxl.utils import get_column_letter
ws = openpyxl.load_workbook(sys.argv[1]).active
out = {"freeze_panes": ws.freeze_panes or "", "auto_filter": ws.auto_filter.ref or "",
       "max_row": ws.max_row, "widths": [], "rows": []}
for c in range(1, 11):
    d = ws.column_dimensions.get(get_column_letter(c))
    out["widths"].append(float(d.width) if d is not None and d.width else 0.0)
for row in ws.iter_rows():
    cells = []
    for cell in row:
        v = cell.value
        if v is None:
            cells.append({"t": "", "v": None})
        elif isinstance(v, datetime.datetime):
            cells.append({"t": "d", "v": v.isoformat(), "format": cell.number_format})
        elif cell.data_type == 'f':
            cells.append({"t": "f", "v": str(v)})
        elif isinstance(v, (int, float)):
            cells.append({"t": "n", "v": v})
        else:
            cells.append({"t": "s", "v": str(v)})
    out["rows"].append(cells)
json.dump(out, sys.stdout)
)";

// Runs a Python script on one input file; returns its JSON output.
json::value run_python(const char* script, const std::string& input_name, const std::string& input_bytes,
                       const std::string& extra_arg = "") {
    temp_dir scratch;
    write_bytes(scratch.path() / "script.py", script);
    write_bytes(scratch.path() / input_name, input_bytes);
    std::vector<std::string> argv{"/usr/bin/python3", (scratch.path() / "script.py").string(),
                                  (scratch.path() / input_name).string()};
    if (!extra_arg.empty()) argv.push_back(extra_arg);
    run_result r = run_program(argv);
    if (r.exit_status != 0) throw std::runtime_error("python failed (" + std::to_string(r.exit_status) + "): " + r.err);
    return parse_json(r.out);
}

}  // namespace

bool text_has(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

credentials first_admin(const server_process& server) {
    auto deadline = std::chrono::steady_clock::now() + 10s;
    for (;;) {
        std::string out = server.stdout_text();
        std::string email_line = complete_line_with(out, "premier compte administrateur");
        std::string password_line = complete_line_with(out, "mot de passe");
        if (!email_line.empty() && !password_line.empty())
            return {last_word(email_line), last_word(password_line)};
        if (std::chrono::steady_clock::now() > deadline) {
            ADD_FAILURE() << "the server did not print the first admin's email and password; stdout:\n" << out;
            return {};
        }
        std::this_thread::sleep_for(20ms);
    }
}

run_result run_cli(const server_process& server, std::vector<std::string> words,
                   const std::vector<std::string>& options) {
    words.insert(words.end(), {"--config", server.config_path().string(), "--data", server.data_dir().string()});
    words.insert(words.end(), options.begin(), options.end());
    return run_colloq(words);
}

std::string add_staff(const server_process& server, const std::string& email, const std::string& role,
                      const std::string& partner) {
    std::vector<std::string> options{"--email", email, "--role", role};
    if (!partner.empty()) options.insert(options.end(), {"--partner", partner});
    run_result r = run_cli(server, {"staff", "add"}, options);
    if (r.exit_status != 0) {
        ADD_FAILURE() << "colloq staff add " << email << " exited with " << r.exit_status << ": " << r.err;
        return {};
    }
    return trim(r.out);
}

std::string create_token(const server_process& server, const std::string& email) {
    run_result r = run_cli(server, {"token", "create"}, {"--email", email});
    if (r.exit_status != 0) {
        ADD_FAILURE() << "colloq token create " << email << " exited with " << r.exit_status << ": " << r.err;
        return {};
    }
    return trim(r.out);
}

std::string staff_token(const server_process& server, const std::string& email, const std::string& role,
                        const std::string& partner) {
    add_staff(server, email, role, partner);
    return create_token(server, email);
}

header_list staff_session::headers(bool with_csrf_header) const {
    header_list h{{"Cookie", cookie_name + "=" + cookie_value}};
    if (with_csrf_header) h.emplace_back("X-CSRF-Token", csrf);
    return h;
}

header_list staff_session::with_csrf(const std::string& token) const {
    return {{"Cookie", cookie_name + "=" + cookie_value}, {"X-CSRF-Token", token}};
}

staff_session log_in(http_client& client, const std::string& email, const std::string& password) {
    staff_session s;
    s.response = client.post_json("/api/login", json::object{{"email", email}, {"password", password}});
    s.set_cookie = s.response.header("set-cookie");
    auto semicolon = s.set_cookie.find(';');
    std::string pair = s.set_cookie.substr(0, semicolon);
    auto eq = pair.find('=');
    if (eq != std::string::npos) {
        s.cookie_name = trim(pair.substr(0, eq));
        s.cookie_value = trim(pair.substr(eq + 1));
    }
    if (s.response.status == 200) {
        json::value v = s.response.json();
        s.csrf = str(v, "csrf_token");
    }
    return s;
}

std::vector<std::string> cookie_attributes(const std::string& set_cookie) {
    std::vector<std::string> out;
    std::size_t pos = set_cookie.find(';');
    while (pos != std::string::npos) {
        auto next = set_cookie.find(';', pos + 1);
        out.push_back(trim(set_cookie.substr(pos + 1, next == std::string::npos ? std::string::npos : next - pos - 1)));
        pos = next;
    }
    return out;
}

std::vector<json::object> staff_list(http_client& client, const header_list& auth, const std::string& query) {
    http_response r = client.get("/api/registrations" + query, auth);
    EXPECT_EQ(r.status, 200) << "GET /api/registrations" << query << ": " << r.body;
    std::vector<json::object> out;
    if (r.status != 200) return out;
    json::value v = r.json();
    if (!v.is_object() || !v.as_object().contains("registrations") || !v.at("registrations").is_array()) {
        ADD_FAILURE() << "no registrations array: " << r.body;
        return out;
    }
    for (const auto& item : v.at("registrations").as_array())
        if (item.is_object()) out.push_back(item.as_object());
    return out;
}

json::object find_by_id(const std::vector<json::object>& list, const std::string& id) {
    for (const auto& o : list)
        if (auto* f = o.if_contains("id"); f && id_text(*f) == id) return o;
    return {};
}

std::vector<std::string> spooled_mail(const server_process& server, const std::string& registration_id) {
    std::vector<std::string> names;
    server_database db(server);
    for (const auto& row : db.rows("SELECT id, kind FROM outbox WHERE registration_id = ? ORDER BY id",
                                   {registration_id})) {
        if (!row[0] || !row[1]) continue;
        char name[128];
        std::snprintf(name, sizeof name, "%08lld-%s.eml", std::stoll(*row[0]), row[1]->c_str());
        if (fs::exists(server.data_dir() / "mail" / name)) names.push_back(name);
    }
    return names;
}

std::vector<std::string> wait_for_mail(const server_process& server, const std::string& registration_id,
                                       const std::string& kind, std::size_t count,
                                       std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    const std::string suffix = "-" + kind + ".eml";
    for (;;) {
        std::vector<std::string> found;
        for (const auto& name : spooled_mail(server, registration_id))
            if (name.size() > suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0)
                found.push_back(name);
        if (found.size() >= count || std::chrono::steady_clock::now() > deadline) return found;
        std::this_thread::sleep_for(50ms);
    }
}

std::string door_snapshot::ticket_of(const std::string& id) const {
    for (const auto& [reg, ticket] : tickets)
        if (reg == id) return ticket;
    return {};
}

door_snapshot door_list(http_client& client, const header_list& auth) {
    door_snapshot out;
    http_response r = client.get("/api/checkin/list", auth);
    EXPECT_EQ(r.status, 200) << r.body;
    if (r.status != 200) return out;
    json::value v = r.json();
    if (auto* regs = v.is_object() ? v.as_object().if_contains("registrations") : nullptr; regs && regs->is_array())
        for (const auto& p : regs->as_array())
            if (p.is_object() && p.as_object().contains("id"))
                out.tickets.emplace_back(id_text(p.at("id")), str(p, "ticket_id"));
    if (auto* revoked = v.is_object() ? v.as_object().if_contains("revoked") : nullptr; revoked && revoked->is_array())
        for (const auto& t : revoked->as_array())
            if (t.is_string()) out.revoked.emplace_back(t.as_string());
    return out;
}

run_result run_program(const std::vector<std::string>& argv, const std::string& stdin_text) {
    temp_dir scratch;
    fs::path in = scratch.path() / "in", out = scratch.path() / "out", err = scratch.path() / "err";
    write_bytes(in, stdin_text);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, in.c_str(), O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&actions, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    pid_t pid = 0;
    int rc = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    run_result r;
    if (rc != 0) {
        r.err = std::string("cannot start ") + argv[0] + ": " + std::strerror(rc);
        return r;
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    r.exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    r.out = read_bytes(out);
    r.err = read_bytes(err);
    return r;
}

std::vector<std::vector<std::string>> read_csv(const std::string& bytes, char separator) {
    json::value v = run_python(csv_script, "export.csv", bytes, std::string(1, separator));
    std::vector<std::vector<std::string>> rows;
    for (const auto& row : v.as_array()) {
        std::vector<std::string> cells;
        for (const auto& c : row.as_array()) cells.emplace_back(c.as_string());
        rows.push_back(std::move(cells));
    }
    return rows;
}

xlsx_sheet read_xlsx(const std::string& bytes) {
    json::value v = run_python(xlsx_script, "export.xlsx", bytes);
    xlsx_sheet sheet;
    sheet.freeze_panes = str(v, "freeze_panes");
    sheet.auto_filter = str(v, "auto_filter");
    sheet.max_row = static_cast<int>(num(v, "max_row"));
    for (const auto& w : v.at("widths").as_array()) sheet.widths.push_back(w.to_number<double>());
    for (const auto& row : v.at("rows").as_array()) {
        std::vector<json::object> cells;
        for (const auto& c : row.as_array()) cells.push_back(c.as_object());
        sheet.rows.push_back(std::move(cells));
    }
    return sheet;
}

std::string pdf_text(const std::string& bytes) {
    temp_dir scratch;
    write_bytes(scratch.path() / "in.pdf", bytes);
    run_result r = run_program({"pdftotext", "-layout", "-enc", "UTF-8", (scratch.path() / "in.pdf").string(), "-"});
    if (r.exit_status != 0) {
        ADD_FAILURE() << "pdftotext failed (" << r.exit_status << "): " << r.err;
        return {};
    }
    return r.out;
}

}  // namespace colloq_it
