// Staff authentication against the real server: login and its cookie, CSRF on cookie
// sessions, logout and expiry, failed-login limits, API tokens, the https cookie, and
// the usage errors of `colloq staff add`.
#include <algorithm>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "server_database.hpp"
#include "staff_support.hpp"
#include "test_support.hpp"

namespace colloq_it {
namespace {

namespace json = boost::json;

bool has_attribute(const std::vector<std::string>& attributes, const std::string& wanted) {
    for (const auto& a : attributes) {
        std::string lower = a;
        std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
        std::string lower_wanted = wanted;
        std::transform(lower_wanted.begin(), lower_wanted.end(), lower_wanted.begin(),
                       [](unsigned char c) { return std::tolower(c); });
        if (lower == lower_wanted) return true;
    }
    return false;
}

std::string public_registration(http_client& client) {
    auto r = register_new(client, std::nullopt, "auth");
    EXPECT_EQ(r.response.status, 201) << r.response.body;
    return r.id;
}

TEST(auth, first_admin_and_partner_log_in_with_a_strict_http_only_cookie) {
    server_process server;
    credentials admin = first_admin(server);
    EXPECT_EQ(admin.email, "admin@example.org");
    EXPECT_GE(admin.password.size(), 12u);
    http_client client(server.base_url());

    staff_session s = log_in(client, admin.email, admin.password);
    ASSERT_EQ(s.response.status, 200) << s.response.body;
    json::value body = s.response.json();
    EXPECT_EQ(str(body, "role"), "admin");
    EXPECT_TRUE(is_null(body, "partner")) << s.response.body;
    EXPECT_GE(s.csrf.size(), 16u) << s.response.body;
    EXPECT_EQ(s.cookie_name, "colloq_session") << s.set_cookie;
    EXPECT_FALSE(s.cookie_value.empty()) << s.set_cookie;
    EXPECT_EQ(s.response.body.find(s.cookie_value), std::string::npos) << "the session secret is in the body";
    auto attributes = cookie_attributes(s.set_cookie);
    for (const char* wanted : {"Path=/", "HttpOnly", "SameSite=Strict", "Max-Age=43200"})
        EXPECT_TRUE(has_attribute(attributes, wanted)) << wanted << " missing from: " << s.set_cookie;
    EXPECT_FALSE(has_attribute(attributes, "Secure")) << "Secure on an http public_url: " << s.set_cookie;
    EXPECT_EQ(client.get("/api/registrations", s.headers(false)).status, 200);

    // The email is matched without regard to case or surrounding spaces.
    staff_session upper = log_in(client, "  ADMIN@Example.org ", admin.password);
    EXPECT_EQ(upper.response.status, 200) << upper.response.body;
    EXPECT_NE(upper.cookie_value, s.cookie_value);
    EXPECT_NE(upper.csrf, s.csrf);

    std::string partner_password = add_staff(server, "equipe@dextera.org", "partner", "dextera");
    EXPECT_EQ(partner_password.size(), 20u) << partner_password;
    staff_session p = log_in(client, "equipe@dextera.org", partner_password);
    ASSERT_EQ(p.response.status, 200) << p.response.body;
    EXPECT_EQ(str(p.response.json(), "role"), "partner");
    EXPECT_EQ(str(p.response.json(), "partner"), "dextera");
}

TEST(auth, failed_logins_answer_bad_credentials_without_a_cookie) {
    server_process server;
    credentials admin = first_admin(server);
    http_client client(server.base_url());

    staff_session wrong = log_in(client, admin.email, admin.password + "x");
    expect_error(wrong.response, 401, "bad_credentials");
    EXPECT_TRUE(wrong.set_cookie.empty()) << wrong.set_cookie;
    staff_session unknown = log_in(client, "personne@example.org", admin.password);
    expect_error(unknown.response, 401, "bad_credentials");
    EXPECT_EQ(str(unknown.response.json(), "message"), str(wrong.response.json(), "message"))
        << "an unknown account must look like a wrong password";
    expect_error(log_in(client, admin.email, "").response, 401, "bad_credentials");
    expect_error(client.post_raw("/api/login", "{\"email\":", "application/json"), 400, "");

    expect_error(client.get("/api/registrations"), 401, "unauthenticated");
    expect_error(client.get("/api/registrations", {{"Cookie", "colloq_session=1.forged"}}), 401, "unauthenticated");
}

TEST(auth, cookie_sessions_need_the_csrf_token_to_change_anything) {
    server_process server;
    credentials admin = first_admin(server);
    http_client client(server.base_url());
    std::string id = public_registration(client);
    staff_session s = log_in(client, admin.email, admin.password);
    staff_session other = log_in(client, admin.email, admin.password);
    ASSERT_EQ(s.response.status, 200);
    ASSERT_EQ(other.response.status, 200);
    const std::string resend = "/api/registrations/" + id + "/resend";
    const std::string patch = "/api/registrations/" + id;
    json::object edit{{"organisation", "Commune de Bron"}};

    expect_error(client.post_json(resend, json::object{}, s.headers(false)), 403, "forbidden");
    std::string wrong = s.csrf;
    wrong[0] = wrong[0] == 'A' ? 'B' : 'A';
    expect_error(client.post_json(resend, json::object{}, s.with_csrf(wrong)), 403, "forbidden");
    expect_error(client.post_json(resend, json::object{}, s.with_csrf(other.csrf)), 403, "forbidden");
    expect_error(client.patch_json(patch, edit, s.headers(false)), 403, "forbidden");
    expect_error(client.patch_json(patch, edit, s.with_csrf("")), 403, "forbidden");
    server_database db(server);
    EXPECT_EQ(db.integer("SELECT COUNT(*) FROM audit_log"), 0) << "a refused request changed something";
    EXPECT_EQ(db.text("SELECT organisation FROM registrations WHERE id = ?", {id}), "Commune de Villeurbanne");

    EXPECT_EQ(client.get("/api/registrations", s.headers(false)).status, 200) << "reading needs no CSRF token";
    http_response ok = client.post_json(resend, json::object{}, s.headers());
    EXPECT_EQ(ok.status, 200) << ok.body;
    http_response edited = client.patch_json(patch, edit, s.headers());
    EXPECT_EQ(edited.status, 200) << edited.body;
    EXPECT_EQ(str(edited.json(), "organisation"), "Commune de Bron");
    EXPECT_EQ(db.integer("SELECT COUNT(*) FROM audit_log"), 2);
}

TEST(auth, logout_ends_that_session_only_and_expired_sessions_are_refused) {
    server_process server;
    credentials admin = first_admin(server);
    http_client client(server.base_url());
    staff_session s = log_in(client, admin.email, admin.password);
    staff_session kept = log_in(client, admin.email, admin.password);
    ASSERT_EQ(s.response.status, 200);

    expect_error(client.post_json("/api/logout", json::object{}, s.headers(false)), 403, "forbidden");
    EXPECT_EQ(client.get("/api/registrations", s.headers(false)).status, 200) << "a refused logout ended the session";
    http_response out = client.post_json("/api/logout", json::object{}, s.headers());
    EXPECT_EQ(out.status, 200) << out.body;
    std::string cleared = out.header("set-cookie");
    EXPECT_EQ(cleared.rfind("colloq_session=", 0), 0u) << cleared;
    EXPECT_TRUE(has_attribute(cookie_attributes(cleared), "Max-Age=0")) << cleared;
    expect_error(client.get("/api/registrations", s.headers(false)), 401, "unauthenticated");
    expect_error(client.post_json("/api/logout", json::object{}, s.headers()), 401, "unauthenticated");
    EXPECT_EQ(client.get("/api/registrations", kept.headers(false)).status, 200);

    // Sessions expire: the server must refuse one whose time has passed.
    server_database db(server);
    db.rows("UPDATE staff_sessions SET expires_at = '2001-01-01T00:00:00.000Z'");
    expect_error(client.get("/api/registrations", kept.headers(false)), 401, "unauthenticated");
}

TEST(auth, repeated_failures_are_limited_without_locking_out_other_accounts) {
    server_process server;
    credentials admin = first_admin(server);
    std::string password = add_staff(server, "equipe@dircab.org", "partner", "dircab");
    http_client client(server.base_url());

    for (int i = 0; i < 5; ++i)
        expect_error(log_in(client, "equipe@dircab.org", "mauvais-mot-de-passe").response, 401, "bad_credentials");
    http_response limited = log_in(client, "equipe@dircab.org", "mauvais-mot-de-passe").response;
    expect_error(limited, 429, "too_many_attempts");
    std::string retry_after = limited.header("retry-after");
    ASSERT_FALSE(retry_after.empty()) << "429 without Retry-After";
    ASSERT_TRUE(std::all_of(retry_after.begin(), retry_after.end(), ::isdigit)) << retry_after;
    EXPECT_GT(std::stol(retry_after), 0);
    EXPECT_LE(std::stol(retry_after), 15 * 60 + 1);
    // Even the right password waits: the limit is not an oracle for guesses.
    expect_error(log_in(client, "equipe@dircab.org", password).response, 429, "too_many_attempts");

    // Another account from the same address still gets in, and its own failures count apart.
    expect_error(log_in(client, admin.email, "pas-le-bon-mot").response, 401, "bad_credentials");
    staff_session s = log_in(client, admin.email, admin.password);
    EXPECT_EQ(s.response.status, 200) << s.response.body;
}

TEST(auth, one_address_guessing_many_accounts_is_limited_too) {
    server_process server;
    credentials admin = first_admin(server);
    http_client client(server.base_url());
    for (int i = 0; i < 20; ++i) {
        http_response r = log_in(client, "essai" + std::to_string(i) + "@example.org", "mot-de-passe-au-hasard").response;
        ASSERT_EQ(r.status, 401) << "attempt " << i << ": " << r.body;
    }
    http_response limited = log_in(client, "essai-suivant@example.org", "mot-de-passe-au-hasard").response;
    expect_error(limited, 429, "too_many_attempts");
    EXPECT_FALSE(limited.header("retry-after").empty());
    expect_error(log_in(client, admin.email, admin.password).response, 429, "too_many_attempts");
    // API tokens are not logins: scripts keep working.
    std::string token = create_token(server, admin.email);
    EXPECT_EQ(client.get("/api/registrations", bearer(token)).status, 200);
}

TEST(auth, bearer_tokens_authenticate_scripts_and_forged_ones_do_not) {
    server_process server;
    credentials admin = first_admin(server);
    http_client client(server.base_url());
    std::string id = public_registration(client);
    std::string token = create_token(server, admin.email);
    ASSERT_NE(token.find('.'), std::string::npos) << token;

    EXPECT_EQ(client.get("/api/registrations", bearer(token)).status, 200);
    http_response resent = client.post_json("/api/registrations/" + id + "/resend", json::object{}, bearer(token));
    EXPECT_EQ(resent.status, 200) << "a bearer token needs no CSRF token: " << resent.body;

    std::string token_id = token.substr(0, token.find('.'));
    std::string secret = token.substr(token.find('.') + 1);
    std::string flipped = secret;
    flipped[0] = flipped[0] == 'A' ? 'B' : 'A';
    for (const std::string& forged : {token_id + "." + flipped, token_id + ".", "999999." + secret, secret,
                                      std::string("garbage"), token + "x"}) {
        expect_error(client.get("/api/registrations", bearer(forged)), 401, "unauthenticated");
        expect_error(client.post_json("/api/registrations/" + id + "/resend", json::object{}, bearer(forged)), 401,
                     "unauthenticated");
    }
    // A session cookie is not an API token.
    staff_session s = log_in(client, admin.email, admin.password);
    expect_error(client.get("/api/registrations", bearer(s.cookie_value)), 401, "unauthenticated");

    server_database db(server);
    EXPECT_EQ(db.integer("SELECT COUNT(*) FROM api_tokens WHERE token_hash LIKE ?", {"%" + secret + "%"}), 0)
        << "the token is stored in clear";
    run_result unknown = run_cli(server, {"token", "create"}, {"--email", "inconnu@example.org"});
    EXPECT_EQ(unknown.exit_status, 1) << unknown.err;
    EXPECT_TRUE(unknown.out.empty()) << unknown.out;
    EXPECT_FALSE(unknown.err.empty());

    std::string door = staff_token(server, "accueil@example.org", "door");
    expect_error(client.get("/api/registrations", bearer(door)), 403, "forbidden");
}

TEST(auth, an_https_public_url_gives_a_host_prefixed_secure_cookie) {
    std::string config = make_config({});
    const std::string http_line = "public_url = \"http://colloq.test\"";
    auto at = config.find(http_line);
    ASSERT_NE(at, std::string::npos);
    config.replace(at, http_line.size(), "public_url = \"https://colloq.test\"");
    server_process server(config);
    credentials admin = first_admin(server);
    http_client client(server.base_url());

    staff_session s = log_in(client, admin.email, admin.password);
    ASSERT_EQ(s.response.status, 200) << s.response.body;
    EXPECT_EQ(s.cookie_name, "__Host-colloq_session") << s.set_cookie;
    auto attributes = cookie_attributes(s.set_cookie);
    for (const char* wanted : {"Secure", "Path=/", "HttpOnly", "SameSite=Strict"})
        EXPECT_TRUE(has_attribute(attributes, wanted)) << wanted << " missing from: " << s.set_cookie;
    for (const auto& a : attributes) EXPECT_NE(a.rfind("Domain", 0), 0u) << "__Host- forbids Domain: " << s.set_cookie;

    EXPECT_EQ(client.get("/api/registrations", s.headers(false)).status, 200);
    expect_error(client.get("/api/registrations", {{"Cookie", "colloq_session=" + s.cookie_value}}), 401,
                 "unauthenticated");
    http_response out = client.post_json("/api/logout", json::object{}, s.headers());
    EXPECT_EQ(out.status, 200) << out.body;
    EXPECT_EQ(out.header("set-cookie").rfind("__Host-colloq_session=", 0), 0u) << out.header("set-cookie");
}

TEST(auth, staff_add_usage_errors_exit_2_and_create_nothing) {
    server_process server;
    credentials admin = first_admin(server);
    server_database db(server);
    const long long before = db.integer("SELECT COUNT(*) FROM staff");
    ASSERT_EQ(before, 1);

    const std::vector<std::vector<std::string>> usage_errors{
        {"--email", "a@dextera.org", "--role", "partner"},
        {"--email", "a@dextera.org", "--role", "partner", "--partner", "inconnu"},
        {"--email", "a@example.org", "--role", "superviseur"},
        {"--email", "a@example.org", "--role", "admin", "--partner", "dextera"},
        {"--email", "pas-une-adresse", "--role", "door"},
        {"--role", "door"},
        {"--email", "a@example.org"},
    };
    for (const auto& options : usage_errors) {
        run_result r = run_cli(server, {"staff", "add"}, options);
        std::string shown;
        for (const auto& o : options) shown += o + " ";
        EXPECT_EQ(r.exit_status, 2) << "colloq staff add " << shown << "\nstderr: " << r.err;
        EXPECT_FALSE(r.err.empty()) << shown;
        EXPECT_TRUE(r.out.empty()) << shown << "printed: " << r.out;
    }
    EXPECT_EQ(db.integer("SELECT COUNT(*) FROM staff"), before) << "a refused command created an account";

    run_result existing = run_cli(server, {"staff", "add"}, {"--email", admin.email, "--role", "door"});
    EXPECT_EQ(existing.exit_status, 1) << existing.err;
    run_result too_short = run_colloq({"staff", "add", "--config", server.config_path().string(), "--data",
                                       server.data_dir().string(), "--email", "b@example.org", "--role", "door",
                                       "--password-stdin"});
    EXPECT_NE(too_short.exit_status, 0) << "an empty password from stdin was accepted";
    EXPECT_EQ(db.integer("SELECT COUNT(*) FROM staff"), before);
}

}  // namespace
}  // namespace colloq_it
