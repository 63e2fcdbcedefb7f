// Staff accounts and API tokens against the real server, changed with the real command line
// while the server runs: disabling an account ends its sessions and tokens on the very next
// request, a revoked or expired token is refused, token lists never show a secret, and the
// data directory and its files are the owner's alone.
#include <atomic>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "server_database.hpp"
#include "staff_support.hpp"
#include "test_support.hpp"

namespace colloq_it {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;
using namespace std::chrono_literals;
using steady = std::chrono::steady_clock;

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
        if (!line.empty()) out.push_back(line);
    return out;
}

std::vector<std::string> tab_fields(const std::string& line) {
    std::vector<std::string> out;
    std::size_t start = 0;
    for (;;) {
        auto tab = line.find('\t', start);
        out.push_back(line.substr(start, tab == std::string::npos ? std::string::npos : tab - start));
        if (tab == std::string::npos) return out;
        start = tab + 1;
    }
}

// The line of `colloq staff list` for one account, split at tabs; empty when absent.
std::vector<std::string> staff_line(const server_process& server, const std::string& email) {
    run_result r = run_cli(server, {"staff", "list"}, {});
    EXPECT_EQ(r.exit_status, 0) << r.err;
    for (const auto& line : lines_of(r.out))
        if (line.rfind(email + "\t", 0) == 0) return tab_fields(line);
    return {};
}

std::string token_id_of(const std::string& token) { return token.substr(0, token.find('.')); }

int mode_of(const fs::path& p) {
    struct stat st {};
    if (::lstat(p.c_str(), &st) != 0) return -1;
    return static_cast<int>(st.st_mode & 07777);
}

std::string octal(int mode) {
    char text[8];
    std::snprintf(text, sizeof text, "%04o", mode);
    return text;
}

// A client that sends the same authenticated GET over and over from its own thread and
// notes when each request started and what it got: the proof that a change made by the
// command line holds from the next request, not a few seconds later.
class prober {
public:
    prober(const std::string& base_url, header_list auth) : client_(base_url), auth_(std::move(auth)) {
        thread_ = std::thread([this] {
            while (!stop_) {
                auto started = steady::now();
                long status = client_.get("/api/checkin/list", auth_).status;
                std::lock_guard lock(mutex_);
                seen_.push_back({started, status});
            }
        });
    }
    ~prober() { finish(); }
    void finish() {
        stop_ = true;
        if (thread_.joinable()) thread_.join();
    }
    // Requests that began after `t`, and how many of them were let in.
    std::pair<int, int> after(steady::time_point t) {
        std::lock_guard lock(mutex_);
        int sent = 0, admitted = 0;
        for (const auto& [started, status] : seen_)
            if (started > t) {
                ++sent;
                if (status != 401) ++admitted;
            }
        return {sent, admitted};
    }
    int admitted_before(steady::time_point t) {
        std::lock_guard lock(mutex_);
        int n = 0;
        for (const auto& [started, status] : seen_)
            if (started < t && status == 200) ++n;
        return n;
    }

private:
    http_client client_;
    header_list auth_;
    std::atomic<bool> stop_{false};
    std::mutex mutex_;
    std::vector<std::pair<steady::time_point, long>> seen_;
    std::thread thread_;
};

TEST(accounts, disabling_ends_sessions_and_tokens_on_the_next_request_and_enabling_lets_the_person_sign_in) {
    server_process server;
    credentials admin = first_admin(server);
    http_client client(server.base_url());
    std::string password = add_staff(server, "accueil@example.org", "door");
    std::string token = create_token(server, "accueil@example.org");
    std::string colleague = staff_token(server, "porte2@example.org", "door");
    staff_session session = log_in(client, "accueil@example.org", password);
    ASSERT_EQ(session.response.status, 200) << session.response.body;
    ASSERT_EQ(client.get("/api/checkin/list", bearer(token)).status, 200);
    ASSERT_EQ(client.get("/api/checkin/list", session.headers(false)).status, 200);
    EXPECT_EQ(staff_line(server, "accueil@example.org"),
              (std::vector<std::string>{"accueil@example.org", "door", "-", "enabled"}));

    // The token and the session keep being used from other threads while the account is disabled.
    prober by_token(server.base_url(), bearer(token));
    prober by_cookie(server.base_url(), session.headers(false));
    std::this_thread::sleep_for(300ms);
    run_result disabled = run_cli(server, {"staff", "disable"}, {"--email", "Accueil@Example.org"});
    auto returned = steady::now();
    ASSERT_EQ(disabled.exit_status, 0) << disabled.err;
    std::this_thread::sleep_for(500ms);
    by_token.finish();
    by_cookie.finish();
    EXPECT_GT(by_token.admitted_before(returned), 0) << "the token never worked";
    for (auto* p : {&by_token, &by_cookie}) {
        auto [sent, admitted] = p->after(returned);
        EXPECT_GT(sent, 0);
        EXPECT_EQ(admitted, 0) << admitted << " of " << sent << " requests were let in after `staff disable` returned";
    }
    expect_error(client.get("/api/checkin/list", bearer(token)), 401, "unauthenticated");
    expect_error(client.get("/api/checkin/list", session.headers(false)), 401, "unauthenticated");
    EXPECT_EQ(client.get("/api/checkin/list", bearer(colleague)).status, 200) << "another account's token was revoked";

    // Signing in is refused exactly as a wrong password is: nothing tells that the account exists.
    staff_session refused = log_in(client, "accueil@example.org", password);
    expect_error(refused.response, 401, "bad_credentials");
    EXPECT_TRUE(refused.set_cookie.empty()) << refused.set_cookie;
    staff_session wrong = log_in(client, "personne@example.org", password);
    EXPECT_EQ(refused.response.body, wrong.response.body);
    EXPECT_EQ(staff_line(server, "accueil@example.org"),
              (std::vector<std::string>{"accueil@example.org", "door", "-", "disabled"}));
    EXPECT_EQ(staff_line(server, admin.email), (std::vector<std::string>{admin.email, "admin", "-", "enabled"}));

    // No new token for a disabled account.
    server_database db(server);
    long long tokens_before = db.integer("SELECT COUNT(*) FROM api_tokens");
    run_result no_token = run_cli(server, {"token", "create"}, {"--email", "accueil@example.org"});
    EXPECT_EQ(no_token.exit_status, 1) << no_token.err;
    EXPECT_TRUE(no_token.out.empty()) << no_token.out;
    EXPECT_NE(no_token.err.find("disabled"), std::string::npos) << no_token.err;
    EXPECT_EQ(db.integer("SELECT COUNT(*) FROM api_tokens"), tokens_before);

    // Enabled again: the password works; the old token stays revoked, a new one works.
    run_result enabled = run_cli(server, {"staff", "enable"}, {"--email", "accueil@example.org"});
    ASSERT_EQ(enabled.exit_status, 0) << enabled.err;
    staff_session again = log_in(client, "accueil@example.org", password);
    EXPECT_EQ(again.response.status, 200) << again.response.body;
    EXPECT_EQ(client.get("/api/checkin/list", again.headers(false)).status, 200);
    expect_error(client.get("/api/checkin/list", bearer(token)), 401, "unauthenticated");
    std::string fresh = create_token(server, "accueil@example.org");
    EXPECT_EQ(client.get("/api/checkin/list", bearer(fresh)).status, 200);
    EXPECT_EQ(staff_line(server, "accueil@example.org").back(), "enabled");

    run_result unknown = run_cli(server, {"staff", "disable"}, {"--email", "inconnu@example.org"});
    EXPECT_EQ(unknown.exit_status, 1) << unknown.err;
    EXPECT_FALSE(unknown.err.empty());
}

TEST(accounts, a_revoked_token_is_refused_at_once_and_the_account_s_other_tokens_still_work) {
    server_process server;
    credentials admin = first_admin(server);
    http_client client(server.base_url());
    std::string revoked = create_token(server, admin.email);
    std::string kept = create_token(server, admin.email);
    ASSERT_EQ(client.get("/api/checkin/list", bearer(kept)).status, 200);

    prober by_token(server.base_url(), bearer(revoked));
    std::this_thread::sleep_for(300ms);
    run_result r = run_cli(server, {"token", "revoke"}, {"--id", token_id_of(revoked)});
    auto returned = steady::now();
    ASSERT_EQ(r.exit_status, 0) << r.err;
    std::this_thread::sleep_for(500ms);
    by_token.finish();
    EXPECT_GT(by_token.admitted_before(returned), 0) << "the token never worked";
    auto [sent, admitted] = by_token.after(returned);
    EXPECT_GT(sent, 0);
    EXPECT_EQ(admitted, 0) << admitted << " of " << sent << " requests were let in after `token revoke` returned";

    expect_error(client.get("/api/registrations", bearer(revoked)), 401, "unauthenticated");
    EXPECT_EQ(client.get("/api/registrations", bearer(kept)).status, 200);
    staff_session s = log_in(client, admin.email, admin.password);
    EXPECT_EQ(s.response.status, 200) << "revoking a token disabled the account";

    run_result twice = run_cli(server, {"token", "revoke"}, {"--id", token_id_of(revoked)});
    EXPECT_EQ(twice.exit_status, 0) << twice.err;
    run_result unknown = run_cli(server, {"token", "revoke"}, {"--id", "99999"});
    EXPECT_EQ(unknown.exit_status, 1) << unknown.err;
    EXPECT_FALSE(unknown.err.empty());
    run_result no_id = run_cli(server, {"token", "revoke"}, {});
    EXPECT_EQ(no_id.exit_status, 2) << no_id.err;
    expect_error(client.get("/api/registrations", bearer(revoked)), 401, "unauthenticated");
}

TEST(accounts, tokens_expire_after_their_days_and_days_out_of_range_are_refused) {
    server_process server;
    credentials admin = first_admin(server);
    http_client client(server.base_url());
    server_database db(server);
    long long before = db.integer("SELECT COUNT(*) FROM api_tokens");
    for (const char* days : {"0", "3651", "-1", "365000000000", "un"}) {
        run_result r = run_cli(server, {"token", "create"}, {"--email", admin.email, "--days", days});
        EXPECT_EQ(r.exit_status, 2) << "--days " << days << ": " << r.err;
        EXPECT_TRUE(r.out.empty()) << r.out;
        EXPECT_NE(r.err.find("--days"), std::string::npos) << r.err;
    }
    run_result range = run_cli(server, {"token", "create"}, {"--email", admin.email, "--days", "0"});
    EXPECT_NE(range.err.find("3650"), std::string::npos) << "the message does not say the range: " << range.err;
    EXPECT_EQ(db.integer("SELECT COUNT(*) FROM api_tokens"), before);

    // The lifetime asked for, or a year.
    auto lifetime_days = [&](const std::string& token) {
        auto row = db.rows("SELECT created_at, expires_at FROM api_tokens WHERE id = ?", {token_id_of(token)});
        if (row.empty() || !row[0][0] || !row[0][1]) return -1LL;
        auto seconds = [](const std::string& utc) {
            std::tm tm{};
            strptime(utc.c_str(), "%Y-%m-%dT%H:%M:%S", &tm);
            return static_cast<long long>(timegm(&tm));
        };
        return std::llround(static_cast<double>(seconds(*row[0][1]) - seconds(*row[0][0])) / 86400);
    };
    std::string year = create_token(server, admin.email);
    EXPECT_EQ(lifetime_days(year), 365);
    run_result ten = run_cli(server, {"token", "create"}, {"--email", admin.email, "--days", "3650"});
    ASSERT_EQ(ten.exit_status, 0) << ten.err;
    std::string decade = lines_of(ten.out).at(0);
    EXPECT_EQ(lifetime_days(decade), 3650);
    EXPECT_EQ(client.get("/api/registrations", bearer(decade)).status, 200);

    run_result one = run_cli(server, {"token", "create"}, {"--email", admin.email, "--days", "1"});
    ASSERT_EQ(one.exit_status, 0) << one.err;
    std::string day = lines_of(one.out).at(0);
    EXPECT_EQ(lifetime_days(day), 1);

    // A day later (the expiry written into the past): refused.
    db.exec("UPDATE api_tokens SET expires_at = '2001-01-01T00:00:00.000Z' WHERE id = ?", {token_id_of(day)});
    expect_error(client.get("/api/registrations", bearer(day)), 401, "unauthenticated");

    // A token in use when its time comes is refused from then on, though the server read it before.
    run_result soon = run_cli(server, {"token", "create"}, {"--email", admin.email, "--days", "1"});
    ASSERT_EQ(soon.exit_status, 0) << soon.err;
    std::string ending = lines_of(soon.out).at(0);
    std::string in_three_seconds = server_database::utc_in(3);
    db.exec("UPDATE api_tokens SET expires_at = ? WHERE id = ?", {in_three_seconds, token_id_of(ending)});
    EXPECT_EQ(client.get("/api/registrations", bearer(ending)).status, 200);
    std::this_thread::sleep_for(3500ms);
    expect_error(client.get("/api/registrations", bearer(ending)), 401, "unauthenticated");
    EXPECT_EQ(client.get("/api/registrations", bearer(year)).status, 200);
}

TEST(accounts, token_list_shows_ids_accounts_and_times_but_never_a_token_and_notes_use_once_a_minute) {
    server_process server;
    credentials admin = first_admin(server);
    http_client client(server.base_url());
    std::string mine = create_token(server, admin.email);
    std::string door = staff_token(server, "accueil@example.org", "door");
    std::string unused = create_token(server, "accueil@example.org");
    run_result revoked = run_cli(server, {"token", "revoke"}, {"--id", token_id_of(unused)});
    ASSERT_EQ(revoked.exit_status, 0) << revoked.err;

    ASSERT_EQ(client.get("/api/checkin/list", bearer(door)).status, 200);
    // The use is written after the answer, by the writer: wait for it.
    server_database db(server);
    std::string first_use;
    for (auto deadline = steady::now() + 5s; first_use.empty() && steady::now() < deadline;
         std::this_thread::sleep_for(50ms))
        first_use = db.text("SELECT last_used_at FROM api_tokens WHERE id = ?", {token_id_of(door)});
    ASSERT_FALSE(first_use.empty()) << "the token's use was not recorded";
    // Many more uses within the minute write nothing more.
    for (int i = 0; i < 40; ++i) ASSERT_EQ(client.get("/api/checkin/list", bearer(door)).status, 200);
    std::this_thread::sleep_for(300ms);
    EXPECT_EQ(db.text("SELECT last_used_at FROM api_tokens WHERE id = ?", {token_id_of(door)}), first_use)
        << "last use written on every request";

    run_result all = run_cli(server, {"token", "list"}, {});
    ASSERT_EQ(all.exit_status, 0) << all.err;
    for (const auto& token : {mine, door, unused}) {
        std::string secret = token.substr(token.find('.') + 1);
        EXPECT_EQ(all.out.find(secret), std::string::npos) << "a token's secret is listed";
        EXPECT_EQ(all.err.find(secret), std::string::npos) << "a token's secret is printed";
    }
    std::vector<std::vector<std::string>> rows;
    for (const auto& line : lines_of(all.out)) rows.push_back(tab_fields(line));
    ASSERT_EQ(rows.size(), 3u) << all.out;
    auto row_of = [&](const std::string& token) {
        for (const auto& row : rows)
            if (row.at(0) == token_id_of(token)) return row;
        ADD_FAILURE() << "token " << token_id_of(token) << " is not listed:\n" << all.out;
        return std::vector<std::string>(6);
    };
    auto m = row_of(mine), d = row_of(door), u = row_of(unused);
    ASSERT_EQ(d.size(), 6u) << all.out;
    EXPECT_EQ(m[1], admin.email);
    EXPECT_EQ(d[1], "accueil@example.org");
    EXPECT_EQ(d[2], db.text("SELECT created_at FROM api_tokens WHERE id = ?", {token_id_of(door)}));
    EXPECT_EQ(d[3], db.text("SELECT expires_at FROM api_tokens WHERE id = ?", {token_id_of(door)}));
    EXPECT_EQ(d[4], first_use);
    EXPECT_EQ(d[5], "active");
    EXPECT_EQ(m[4], "never");
    EXPECT_EQ(u[5].rfind("revoked", 0), 0u) << u[5];

    run_result one_account = run_cli(server, {"token", "list"}, {"--email", "ACCUEIL@example.org"});
    ASSERT_EQ(one_account.exit_status, 0) << one_account.err;
    auto lines = lines_of(one_account.out);
    ASSERT_EQ(lines.size(), 2u) << one_account.out;
    for (const auto& line : lines) EXPECT_EQ(tab_fields(line).at(1), "accueil@example.org") << line;
}

TEST(accounts, the_data_directory_and_its_files_are_the_owner_s_alone_whoever_made_them) {
    if (on_postgresql()) GTEST_SKIP() << "the SQLite database's files";
    // The harness made the data directory with the test's own umask (usually 0755).
    server_process server;
    http_client client(server.base_url());
    auto reg = register_new(client, std::nullopt, "modes");
    ASSERT_EQ(reg.response.status, 201) << reg.response.body;
    wait_for_mail(server, reg.id, "confirmed");
    fs::path data = server.data_dir();
    std::vector<fs::path> files{server.db_path(), data / "colloq.db-wal", data / "colloq.db-shm",
                                data / "badge-signing.key"};
    std::vector<fs::path> spooled;
    for (const auto& entry : fs::directory_iterator(data / "mail")) spooled.push_back(entry.path());
    ASSERT_FALSE(spooled.empty());
    auto check_modes = [&](const std::string& when) {
        EXPECT_EQ(octal(mode_of(data)), "0700") << when << ": " << data;
        EXPECT_EQ(octal(mode_of(data / "mail")), "0700") << when;
        for (const auto& f : files) EXPECT_EQ(octal(mode_of(f)), "0600") << when << ": " << f;
        for (const auto& f : spooled) EXPECT_EQ(octal(mode_of(f)), "0600") << when << ": " << f;
    };
    check_modes("after the first start");

    // Copied in, or made by someone else with wider modes: narrowed at the next start.
    server.stop(SIGTERM);
    fs::permissions(data, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                              fs::perms::others_read | fs::perms::others_exec);
    fs::permissions(data / "mail", fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                                       fs::perms::others_read | fs::perms::others_exec);
    auto wide_file = fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read | fs::perms::others_read;
    fs::permissions(server.db_path(), wide_file);
    for (const auto& f : spooled) fs::permissions(f, wide_file);
    ASSERT_EQ(octal(mode_of(server.db_path())), "0644");
    server.restart();
    http_client again(server.base_url());
    EXPECT_EQ(again.get("/healthz").status, 200);
    check_modes("after a start on a directory made 0755 with a 0644 database");
    EXPECT_NE(server.log().find("0644"), std::string::npos) << "the narrowed modes are not reported";

    // The command line narrows them too, and makes its own files private.
    run_result list = run_cli(server, {"staff", "list"}, {});
    EXPECT_EQ(list.exit_status, 0) << list.err;
    check_modes("after colloq staff list");
}

}  // namespace
}  // namespace colloq_it
