// Registrations made by staff through POST /api/registrations: by each role, with and without
// the e-mail, and the organiser's guests against quotas, approval, the window and the capacity.
#include <optional>
#include <string>

#include <gtest/gtest.h>

#include "staff_support.hpp"
#include "test_support.hpp"

namespace colloq_it {
namespace {

namespace json = boost::json;

struct staff_world {
    server_process server;
    std::optional<http_client> client{std::in_place, server.base_url()};  // made again after a restart
    credentials admin_account;
    header_list admin;

    explicit staff_world(server_options options) : server(std::move(options)) {
        admin_account = first_admin(server);
        admin = bearer(create_token(server, admin_account.email));
    }

    http_response enrol(const header_list& auth, json::object extra = {}, const std::string& tag = "staff") {
        json::object body = person(unique_email(tag));
        body.erase("consent");  // the staff member takes it on
        for (auto& [key, value] : extra) body[key] = value;
        return client->post_json("/api/registrations", body, auth);
    }

    long long confirmed(const std::optional<std::string>& partner = std::nullopt) {
        auto event = event_info(*client);
        return partner ? num(partner_info(event, *partner), "confirmed") : num(event, "confirmed");
    }

    long long count_listed() { return static_cast<long long>(staff_list(*client, admin).size()); }
};

std::string id_of(const http_response& r) { return id_text(r.json().as_object().at("id")); }

TEST(staff_registrations, an_admin_registers_someone_with_or_without_the_email_and_the_audit_says_who) {
    staff_world w({});
    http_response silent = w.enrol(w.admin, {{"send_email", false}});
    ASSERT_EQ(silent.status, 201) << silent.body;
    json::value v = silent.json();
    EXPECT_EQ(str(v, "status"), "confirmed");
    EXPECT_EQ(str(v, "email").find("staff"), 0u) << "the whole record comes back to staff";
    EXPECT_TRUE(v.at("guest") == false);
    EXPECT_NE(str(v, "manage_url").find("/m/"), std::string::npos) << "the link to pass on by hand";
    EXPECT_TRUE(is_null(v, "partner"));

    http_response mailed = w.enrol(w.admin);
    ASSERT_EQ(mailed.status, 201) << mailed.body;
    wait_for_mail(w.server, id_of(mailed), "confirmed");
    // The outbox is sent in order: the later registration's mail came, the earlier one has none.
    EXPECT_TRUE(spooled_mail(w.server, id_of(silent)).empty());

    http_response audit = w.client->get("/api/audit", w.admin);
    ASSERT_EQ(audit.status, 200) << audit.body;
    json::value trail = audit.json();
    const auto& entries = trail.at("entries").as_array();
    ASSERT_EQ(entries.size(), 2u) << audit.body;
    EXPECT_EQ(str(entries[1], "action"), "register");
    EXPECT_EQ(str(entries[1], "staff"), w.admin_account.email);
    EXPECT_EQ(id_text(entries[1].at("registration_id")), id_of(silent));
}

TEST(staff_registrations, a_partner_registers_for_its_own_association_only) {
    staff_world w({});
    std::string dextera = staff_token(w.server, "equipe@dextera.org", "partner", "dextera");
    std::string door = staff_token(w.server, "porte@colloque.fr", "door");

    http_response own = w.enrol(bearer(dextera));
    ASSERT_EQ(own.status, 201) << own.body;
    EXPECT_EQ(str(own.json(), "partner"), "dextera") << "a partner's registrations are always its own";
    EXPECT_EQ(w.enrol(bearer(dextera), {{"partner", "dextera"}}).status, 201);

    expect_error(w.enrol(bearer(dextera), {{"partner", "dircab"}}), 403, "forbidden");
    expect_error(w.enrol(bearer(dextera), {{"guest", true}}), 403, "forbidden");
    expect_error(w.enrol(bearer(door)), 403, "forbidden");
    EXPECT_EQ(w.count_listed(), 2) << "refused attempts store nothing";
    EXPECT_EQ(w.confirmed("dircab"), 0);
    EXPECT_EQ(w.confirmed("dextera"), 2);
}

TEST(staff_registrations, bad_input_gets_the_usual_answers) {
    staff_world w({});
    expect_error(w.enrol(w.admin, {{"send_email", "oui"}}), 400, "bad_request", "send_email");
    expect_error(w.enrol(w.admin, {{"guest", 1}}), 400, "bad_request", "guest");
    expect_invalid(w.enrol(w.admin, {{"email", "pas-une-adresse"}}), "email");
    expect_invalid(w.enrol(w.admin, {{"partner", "inconnue"}}), "partner");
    http_response first = w.enrol(w.admin, {{"email", "double@exemple.fr"}});
    ASSERT_EQ(first.status, 201) << first.body;
    expect_error(w.enrol(w.admin, {{"email", "Double@Exemple.fr"}}), 409, "already_registered");
    expect_error(w.client->post_json("/api/registrations", person(unique_email()), bearer("12.faux")), 401,
                 "unauthenticated");
    EXPECT_EQ(w.count_listed(), 1);
}

TEST(staff_registrations, a_session_needs_its_csrf_header_and_a_cookie_alone_registers_as_the_public) {
    staff_world w({});
    staff_session session = log_in(*w.client, w.admin_account.email, w.admin_account.password);
    ASSERT_EQ(session.response.status, 200) << session.response.body;

    http_response staff = w.enrol(session.headers());
    ASSERT_EQ(staff.status, 201) << staff.body;
    EXPECT_TRUE(has(staff.json(), "guest")) << "made by staff: the whole record";
    expect_error(w.enrol(session.with_csrf("faux")), 403, "forbidden");

    // The public page sends the cookie of a staff member who registers for themself: a public
    // registration, which asks for consent.
    expect_invalid(w.enrol(session.headers(false)), "consent");
    http_response as_public = w.client->post_json("/api/registrations", person(unique_email()), session.headers(false));
    ASSERT_EQ(as_public.status, 201) << as_public.body;
    EXPECT_FALSE(has(as_public.json(), "guest"));
}

server_options guest_options() {
    server_options o;
    o.capacity = 3;
    o.partners = {{"dextera", "Dextera", 1, false}, {"coopcab", "CoopCab", 5, true}};
    o.registration_closes_at = "2020-01-01T00:00:00+01:00";
    return o;
}

TEST(staff_registrations, a_guest_skips_quota_approval_and_window_but_never_the_capacity) {
    staff_world w(guest_options());
    // Registration closed: the public and ordinary staff registrations are refused.
    expect_error(w.client->post_json("/api/registrations", person(unique_email())), 403, "registration_closed");
    expect_error(w.enrol(w.admin), 403, "registration_closed");

    http_response quota_guest = w.enrol(w.admin, {{"guest", true}, {"partner", "dextera"}});
    ASSERT_EQ(quota_guest.status, 201) << quota_guest.body;
    EXPECT_EQ(str(quota_guest.json(), "status"), "confirmed");
    EXPECT_TRUE(quota_guest.json().at("guest") == true);
    http_response approval_guest = w.enrol(w.admin, {{"guest", true}, {"partner", "coopcab"}});
    ASSERT_EQ(approval_guest.status, 201) << approval_guest.body;
    EXPECT_EQ(str(approval_guest.json(), "status"), "confirmed") << "no approval for a guest";
    EXPECT_EQ(w.confirmed(), 2);
    EXPECT_EQ(w.confirmed("dextera"), 0) << "a guest takes none of the partner's quota";
    EXPECT_EQ(num(partner_info(event_info(*w.client), "dextera"), "remaining"), 1);

    ASSERT_EQ(w.enrol(w.admin, {{"guest", true}}).status, 201);
    http_response over = w.enrol(w.admin, {{"guest", true}});
    expect_error(over, 409, "full");
    EXPECT_EQ(w.count_listed(), 3) << "a refused guest is not stored";

    // Cancelling a guest frees an event seat and leaves the partner's count as it was.
    http_response cancel = w.client->post_json("/api/registrations/" + id_of(quota_guest) + "/cancel", json::object{},
                                              w.admin);
    ASSERT_EQ(cancel.status, 200) << cancel.body;
    EXPECT_EQ(w.confirmed(), 2);
    EXPECT_EQ(w.confirmed("dextera"), 0);

    // The counts rebuilt at start-up agree.
    w.server.restart();
    w.client.emplace(w.server.base_url());
    EXPECT_EQ(w.confirmed(), 2);
    EXPECT_EQ(w.confirmed("dextera"), 0);
    EXPECT_EQ(w.confirmed("coopcab"), 0);
    EXPECT_EQ(w.enrol(w.admin, {{"guest", true}, {"partner", "dextera"}}).status, 201);
    expect_error(w.enrol(w.admin, {{"guest", true}}), 409, "full");
}

TEST(staff_registrations, an_ordinary_staff_registration_follows_the_seat_rules) {
    server_options o;
    o.capacity = 1;
    o.partners = {{"coopcab", "CoopCab", 5, true}};
    staff_world w(o);
    http_response first = w.enrol(w.admin);
    ASSERT_EQ(first.status, 201) << first.body;
    EXPECT_EQ(str(first.json(), "status"), "confirmed");
    http_response second = w.enrol(w.admin);
    ASSERT_EQ(second.status, 201) << second.body;
    EXPECT_EQ(str(second.json(), "status"), "waitlisted");
    EXPECT_EQ(num(second.json(), "waitlist_position"), 1);
    http_response approval = w.enrol(w.admin, {{"partner", "coopcab"}});
    ASSERT_EQ(approval.status, 201) << approval.body;
    EXPECT_EQ(str(approval.json(), "status"), "pending");
}

}  // namespace
}  // namespace colloq_it
