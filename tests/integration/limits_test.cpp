// What one hostile client may do, against the real server: registrations per client address,
// a flood of logins with huge e-mails (memory), an account attacked from many addresses (the
// lockout ends), a login from another site's page (login CSRF), and "already registered"
// e-mails sent over and over.
#include <chrono>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "login_burst.hpp"
#include "server_database.hpp"
#include "staff_support.hpp"
#include "test_support.hpp"

namespace colloq_it {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

bool all_digits(const std::string& s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
}

// The server's resident memory, in kB (VmRSS of /proc/PID/status).
long resident_kb(pid_t pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
    ADD_FAILURE() << "no VmRSS for " << pid;
    return 0;
}

form_fields form_of(const std::string& email) {
    return {{"first_name", "Camille"}, {"last_name", "Durand"}, {"email", email},
            {"organisation", "Commune de Villeurbanne"}, {"role", "Directrice de cabinet"}, {"consent", "on"}};
}

server_options with_limits(std::vector<std::string> lines) {
    server_options o;
    o.limits_lines = std::move(lines);
    return o;
}

TEST(limits, one_address_is_refused_past_its_registrations_while_others_still_register) {
    server_process server(with_limits({"registrations_per_address = 5"}));
    http_client first(server.base_url());
    first.set_local_address("127.0.0.2");

    // A form sent back with a fault, and a duplicate, are not registrations: they cost nothing.
    json::object faulty = person(unique_email("faute"));
    faulty["consent"] = false;
    EXPECT_EQ(first.post_json("/api/registrations", faulty).status, 422);
    std::string kept_email = unique_email("limite");
    ASSERT_EQ(register_body(first, person(kept_email)).response.status, 201);
    EXPECT_EQ(first.post_json("/api/registrations", person(kept_email)).status, 409);
    for (int i = 1; i < 5; ++i) {
        registered r = register_new(first, std::nullopt, "limite");
        ASSERT_EQ(r.response.status, 201) << "registration " << i << ": " << r.response.body;
    }

    json::object before = event_info(first);
    server_database db(server);
    long long stored = db.registrations();
    EXPECT_EQ(stored, 5);
    for (int i = 0; i < 3; ++i) {
        http_response refused = first.post_json("/api/registrations", person(unique_email("de-trop")));
        expect_error(refused, 429, "rate_limited");
        EXPECT_TRUE(contains(str(refused.json(), "message"), "Trop d'inscriptions depuis cette adresse"))
            << refused.body;
        std::string retry_after = refused.header("retry-after");
        ASSERT_TRUE(all_digits(retry_after)) << "Retry-After: '" << retry_after << "'";
        EXPECT_GT(std::stol(retry_after), 0);
        EXPECT_LE(std::stol(retry_after), 3600);
    }
    // The no-JavaScript form: 429, the form again with what was typed, and the message.
    std::string form_email = unique_email("formulaire");
    http_response page = first.post_form("/register", form_of(form_email));
    EXPECT_EQ(page.status, 429) << page.body.substr(0, 300);
    EXPECT_TRUE(contains(page.header("content-type"), "text/html")) << page.header("content-type");
    EXPECT_TRUE(all_digits(page.header("retry-after"))) << page.header("retry-after");
    EXPECT_TRUE(contains(page.body, "Trop d&#39;inscriptions depuis cette adresse") ||
                contains(page.body, "Trop d'inscriptions depuis cette adresse") ||
                contains(page.body, "Trop d&apos;inscriptions depuis cette adresse"))
        << page.body;
    EXPECT_TRUE(contains(page.body, "<form")) << page.body;
    EXPECT_TRUE(contains(page.body, form_email)) << "the form lost what was typed";

    // Nothing was stored.
    EXPECT_EQ(db.registrations(), stored);
    json::object after = event_info(first);
    for (const char* count : {"confirmed", "waitlisted", "pending", "remaining"})
        EXPECT_EQ(num(after, count), num(before, count)) << count;

    // Other clients are not affected, through either route.
    for (std::string address : {"127.0.0.3", "127.0.0.4"}) {
        http_client other(server.base_url());
        other.set_local_address(address);
        EXPECT_EQ(register_new(other, std::nullopt, "voisin").response.status, 201) << address;
        http_response form = other.post_form("/register", form_of(unique_email("voisin-formulaire")));
        EXPECT_EQ(form.status, 303) << address << ": " << form.body.substr(0, 300);
    }
    EXPECT_EQ(db.registrations(), stored + 4);
}

TEST(limits, concurrent_registrations_from_one_address_never_pass_its_limit) {
    server_process server(with_limits({"registrations_per_address = 5"}));
    std::atomic<int> created{0}, limited{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t)
        threads.emplace_back([&] {
            http_client client(server.base_url());
            client.set_local_address("127.0.0.5");
            for (int i = 0; i < 4; ++i) {
                long status = register_new(client, std::nullopt, "rafale").response.status;
                if (status == 201) ++created;
                if (status == 429) ++limited;
            }
        });
    for (auto& t : threads) t.join();
    EXPECT_EQ(created.load(), 5);
    EXPECT_EQ(limited.load(), 27);
    server_database db(server);
    EXPECT_EQ(db.registrations(), 5);
}

TEST(limits, a_login_flood_with_huge_emails_does_not_grow_the_server) {
#if defined(__SANITIZE_ADDRESS__)
    GTEST_SKIP() << "AddressSanitizer keeps freed memory in quarantine: resident memory says nothing here";
#endif
    server_process server;
    http_client client(server.base_url());
    for (int i = 0; i < 20; ++i) {
        http_response r = log_in(client, "essai" + std::to_string(i) + "@example.org", "mot-de-passe-au-hasard").response;
        ASSERT_EQ(r.status, 401) << "attempt " << i << ": " << r.body;
    }
    long before = resident_kb(server.pid());
    for (int i = 0; i < 1500; ++i) {
        std::string email = std::to_string(i) + std::string(60 * 1024, 'a') + "@example.org";
        http_response r = log_in(client, email, "mot-de-passe-au-hasard").response;
        ASSERT_TRUE(r.status == 401 || r.status == 429) << "attempt " << i << ": " << r.status << " " << r.body.substr(0, 200);
    }
    long after = resident_kb(server.pid());
    std::cout << "[ memory   ] resident memory before the flood " << before / 1024 << " MB, after "
              << after / 1024 << " MB (" << (after - before) << " kB more)\n";
    EXPECT_LE(after - before, 16 * 1024) << "before " << before << " kB, after " << after << " kB";
    // The server still answers, and the address is still limited.
    expect_error(log_in(client, "essai-suivant@example.org", "mot-de-passe-au-hasard").response, 429,
                 "too_many_attempts");
}

TEST(limits, an_account_attacked_from_many_addresses_opens_a_minute_after_the_failures_stop) {
    server_process server;
    credentials admin = first_admin(server);
    // 50 bad passwords, five from each of ten addresses (the limit of one address on one account).
    std::vector<std::thread> threads;
    std::atomic<int> failures{0};
    for (int a = 2; a <= 11; ++a)
        threads.emplace_back([&, a] {
            http_client client(server.base_url());
            client.set_local_address("127.0.0." + std::to_string(a));
            for (int i = 0; i < 5; ++i)
                if (log_in(client, admin.email, "mauvais-mot-de-passe").response.status == 401) ++failures;
        });
    for (auto& t : threads) t.join();
    auto stopped = std::chrono::steady_clock::now();
    ASSERT_EQ(failures.load(), 50);

    http_client fresh(server.base_url());
    fresh.set_local_address("127.0.0.12");
    // Right after, the account is refused from everywhere, even with the right password.
    http_response refused = log_in(fresh, admin.email, admin.password).response;
    expect_error(refused, 429, "too_many_attempts");
    ASSERT_TRUE(all_digits(refused.header("retry-after"))) << refused.header("retry-after");
    EXPECT_LE(std::stol(refused.header("retry-after")), 60);

    // A minute after the failures stopped, the right password from an address without failures gets in.
    std::this_thread::sleep_until(stopped + 61s);
    staff_session s = log_in(fresh, admin.email, admin.password);
    EXPECT_EQ(s.response.status, 200) << s.response.body;
    EXPECT_FALSE(s.cookie_value.empty());
    // An address that failed five times on this account still waits.
    http_client guesser(server.base_url());
    guesser.set_local_address("127.0.0.2");
    expect_error(log_in(guesser, admin.email, admin.password).response, 429, "too_many_attempts");
}

TEST(limits, a_burst_of_concurrent_logins_hashes_no_more_passwords_than_the_limit) {
    server_process server;
    credentials admin = first_admin(server);
    // 60 attempts in flight at once from one address, the right password last: five passwords
    // are checked (the limit for one account from one address), every other attempt waits.
    burst_outcome burst = login_burst({server.port()}, admin.email, admin.password, 60);
    EXPECT_LE(burst.hashed, 5);
    EXPECT_EQ(burst.limited, 60 - burst.hashed);
    EXPECT_EQ(burst.other, 0);
    EXPECT_EQ(burst.right_status, 429);
}

TEST(limits, a_right_password_uses_up_none_of_its_addresss_attempts) {
    server_process server;
    credentials admin = first_admin(server);
    http_client client(server.base_url());
    // More successful logins from one address than it may fail: each gives its attempt back.
    for (int i = 0; i < 25; ++i) ASSERT_EQ(log_in(client, admin.email, admin.password).response.status, 200) << i;
    expect_error(log_in(client, admin.email, "mauvais").response, 401, "bad_credentials");
}

TEST(limits, a_login_from_another_sites_page_is_refused) {
    server_process server;
    credentials admin = first_admin(server);
    http_client client(server.base_url());
    std::string body = json_text(json::object{{"email", admin.email}, {"password", admin.password}});

    // A form on evil.example posting text/plain (no preflight) with the attacker's password.
    for (std::string origin : {"http://evil.example", "null", "http://colloq.test.evil.example",
                               "https://colloq.test", "http://colloq.test/staff"}) {
        http_response r = client.post_raw("/api/login", body, "text/plain", {{"Origin", origin}});
        expect_error(r, 403, "forbidden");
        EXPECT_TRUE(r.header("set-cookie").empty()) << origin << ": " << r.header("set-cookie");
    }
    // The server's own pages: its public URL, or the name the request was sent to.
    for (const std::string& origin : std::vector<std::string>{"http://colloq.test", "http://COLLOQ.test:80", server.base_url()}) {
        http_response r = client.post_raw("/api/login", body, "application/json", {{"Origin", origin}});
        EXPECT_EQ(r.status, 200) << origin << ": " << r.body;
        EXPECT_FALSE(r.header("set-cookie").empty()) << origin;
    }
    // Scripts and curl send no Origin.
    EXPECT_EQ(log_in(client, admin.email, admin.password).response.status, 200);
}

TEST(limits, an_overlong_email_or_password_is_refused_before_it_counts) {
    server_process server;
    credentials admin = first_admin(server);
    http_client client(server.base_url());
    std::string long_email = std::string(250, 'a') + "@example.org";
    for (int i = 0; i < 30; ++i) {
        expect_error(log_in(client, long_email, "mot-de-passe").response, 401, "bad_credentials");
        expect_error(log_in(client, admin.email, std::string(1025, 'x')).response, 401, "bad_credentials");
    }
    // None of these counted as a failure: the admin still gets in from this address.
    EXPECT_EQ(log_in(client, admin.email, admin.password).response.status, 200);
}

TEST(limits, registering_again_and_again_sends_one_already_registered_email) {
    server_process server;
    http_client client(server.base_url());
    std::string email = unique_email("encore");
    registered first = register_body(client, person(email));
    ASSERT_EQ(first.response.status, 201) << first.response.body;
    for (int i = 0; i < 12; ++i) {
        http_response again = client.post_json("/api/registrations", person(email));
        expect_error(again, 409, "already_registered");
    }
    server_database db(server);
    EXPECT_EQ(db.integer("SELECT count(*) FROM outbox WHERE registration_id = ? AND kind = 'already_registered'",
                         {first.id}),
              1);
    EXPECT_EQ(db.integer("SELECT count(*) FROM manage_links WHERE registration_id = ?", {first.id}), 2);
    // In the spool: the confirmation and one reminder, no more.
    EXPECT_EQ(wait_for_mail(server, first.id, "already_registered", 1).size(), 1u);
    EXPECT_EQ(wait_for_mail(server, first.id, "already_registered", 2, 3s).size(), 1u);

    // After a restart too, within the interval: nothing more.
    server.restart();
    http_client again(server.base_url());
    expect_error(again.post_json("/api/registrations", person(email)), 409, "already_registered");
    server_database reopened(server);
    EXPECT_EQ(reopened.integer("SELECT count(*) FROM outbox WHERE registration_id = ? AND kind = 'already_registered'",
                               {first.id}),
              1);
}

TEST(limits, another_already_registered_email_goes_once_the_interval_has_passed) {
    server_process server(with_limits({"registrations_per_address = 1000000", "resend_interval = 1"}));
    http_client client(server.base_url());
    std::string email = unique_email("plus-tard");
    registered first = register_body(client, person(email));
    ASSERT_EQ(first.response.status, 201) << first.response.body;
    expect_error(client.post_json("/api/registrations", person(email)), 409, "already_registered");
    expect_error(client.post_json("/api/registrations", person(email)), 409, "already_registered");
    std::this_thread::sleep_for(1500ms);
    expect_error(client.post_json("/api/registrations", person(email)), 409, "already_registered");
    server_database db(server);
    EXPECT_EQ(db.integer("SELECT count(*) FROM outbox WHERE registration_id = ? AND kind = 'already_registered'",
                         {first.id}),
              2);
}

}  // namespace
}  // namespace colloq_it
