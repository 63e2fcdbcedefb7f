// Seats over HTTP: capacity and quotas, the waiting list, cancellation and promotion,
// partners that approve, the registration window, unknown manage tokens.
#include <gtest/gtest.h>

#include "http_client.hpp"
#include "server_process.hpp"
#include "server_database.hpp"
#include "test_support.hpp"

namespace colloq_it {
namespace {

namespace json = boost::json;

// Capacity 3; Dextera may take 1 seat, Dircab 2, CoopCab has no quota.
server_options small_event(int capacity = 3) {
    server_options o;
    o.capacity = capacity;
    o.partners = {{"dextera", "Dextera", 1, false}, {"dircab", "Dircab", 2, false}, {"coopcab", "CoopCab", {}, false}};
    return o;
}

void cancel(http_client& client, const registered& r) {
    http_response c = client.post_json("/api/manage/" + r.token + "/cancel", json::object{});
    EXPECT_EQ(c.status, 200) << c.body;
    EXPECT_EQ(str(c.json(), "status"), "cancelled") << c.body;
}

registered expect_registered(http_client& client, const std::optional<std::string>& partner,
                             const std::string& status, std::optional<long long> position = std::nullopt) {
    registered r = register_new(client, partner, partner.value_or("public"));
    EXPECT_EQ(r.response.status, 201) << r.response.body;
    EXPECT_EQ(r.status, status) << r.response.body;
    if (position) {
        EXPECT_EQ(r.waitlist_position, position) << r.response.body;
    }
    return r;
}

TEST(seats, beyond_capacity_or_quota_registrations_are_waitlisted_in_order) {
    server_process server(small_event());
    http_client client(server.base_url());

    registered d1 = expect_registered(client, "dextera", "confirmed");
    registered d2 = expect_registered(client, "dextera", "waitlisted", 1);  // Dextera's quota is full
    registered p1 = expect_registered(client, std::nullopt, "confirmed");
    registered p2 = expect_registered(client, std::nullopt, "confirmed");  // the event is full
    registered p3 = expect_registered(client, std::nullopt, "waitlisted", 2);
    registered c1 = expect_registered(client, "dircab", "waitlisted", 3);

    EXPECT_EQ(manage_status(client, d2.token), "waitlisted");
    EXPECT_EQ(manage_status(client, c1.token), "waitlisted");
    EXPECT_EQ(manage_status(client, p2.token), "confirmed");

    json::object e = event_info(client);
    EXPECT_EQ(num(e, "capacity"), 3);
    EXPECT_EQ(num(e, "confirmed"), 3);
    EXPECT_EQ(num(e, "waitlisted"), 3);
    EXPECT_EQ(num(e, "remaining"), 0);
    json::object d = partner_info(e, "dextera");
    EXPECT_EQ(num(d, "quota"), 1);
    EXPECT_EQ(num(d, "confirmed"), 1);
    EXPECT_EQ(num(d, "remaining"), 0);
    EXPECT_EQ(num(partner_info(e, "dircab"), "confirmed"), 0);

    server_database db(server);
    EXPECT_EQ(db.with_status("confirmed"), 3);
    EXPECT_EQ(db.with_status("waitlisted"), 3);
    EXPECT_EQ(db.with_partner_status("dextera", "confirmed"), 1);
    EXPECT_EQ(db.status_of(d1.id), "confirmed");
    EXPECT_EQ(db.status_of(p1.id), "confirmed");
    EXPECT_EQ(db.status_of(p3.id), "waitlisted");
}

TEST(seats, a_freed_seat_goes_to_the_first_waiting_person_who_fits) {
    server_process server(small_event());
    http_client client(server.base_url());

    registered d1 = expect_registered(client, "dextera", "confirmed");
    registered c1 = expect_registered(client, "dircab", "confirmed");
    registered c2 = expect_registered(client, "dircab", "confirmed");
    registered d2 = expect_registered(client, "dextera", "waitlisted", 1);
    registered c3 = expect_registered(client, "dircab", "waitlisted", 2);
    registered p1 = expect_registered(client, std::nullopt, "waitlisted", 3);

    // A Dircab seat frees: Dextera is still at its quota, so d2 waits and c3 takes it.
    cancel(client, c1);
    EXPECT_EQ(manage_status(client, c1.token), "cancelled");
    EXPECT_EQ(manage_status(client, d2.token), "waitlisted");
    EXPECT_EQ(manage_status(client, c3.token), "confirmed");
    EXPECT_EQ(manage_status(client, p1.token), "waitlisted");
    json::object e = event_info(client);
    EXPECT_EQ(num(e, "confirmed"), 3);
    EXPECT_EQ(num(e, "waitlisted"), 2);
    EXPECT_EQ(num(partner_info(e, "dircab"), "confirmed"), 2);
    EXPECT_EQ(num(partner_info(e, "dextera"), "confirmed"), 1);

    // The Dextera seat frees: d2, first in line, now fits.
    cancel(client, d1);
    EXPECT_EQ(manage_status(client, d2.token), "confirmed");
    EXPECT_EQ(manage_status(client, p1.token), "waitlisted");
    e = event_info(client);
    EXPECT_EQ(num(e, "confirmed"), 3);
    EXPECT_EQ(num(e, "waitlisted"), 1);
    EXPECT_EQ(num(partner_info(e, "dextera"), "confirmed"), 1);

    // Another Dircab seat frees: the public registration counts against the capacity only.
    cancel(client, c2);
    EXPECT_EQ(manage_status(client, p1.token), "confirmed");
    e = event_info(client);
    EXPECT_EQ(num(e, "confirmed"), 3);
    EXPECT_EQ(num(e, "waitlisted"), 0);
    EXPECT_EQ(num(e, "remaining"), 0);
    EXPECT_EQ(num(partner_info(e, "dircab"), "confirmed"), 1);

    server_database db(server);
    EXPECT_EQ(db.with_status("confirmed"), 3);
    EXPECT_EQ(db.with_status("cancelled"), 3);
    EXPECT_EQ(db.with_status("waitlisted"), 0);
    EXPECT_EQ(db.status_of(c3.id), "confirmed");
    EXPECT_EQ(db.status_of(d2.id), "confirmed");
    EXPECT_EQ(db.status_of(p1.id), "confirmed");
    EXPECT_EQ(db.integer("SELECT confirmed FROM seat_counters WHERE partner = 'dircab'"), 1);
    EXPECT_EQ(db.integer("SELECT confirmed FROM seat_counters WHERE partner = ''"), 3);
}

TEST(seats, cancelling_a_waiting_registration_frees_no_seat) {
    server_process server(small_event(1));
    http_client client(server.base_url());
    registered a = expect_registered(client, std::nullopt, "confirmed");
    registered b = expect_registered(client, std::nullopt, "waitlisted", 1);
    registered c = expect_registered(client, std::nullopt, "waitlisted", 2);

    cancel(client, b);
    EXPECT_EQ(manage_status(client, a.token), "confirmed");
    EXPECT_EQ(manage_status(client, c.token), "waitlisted");
    json::object e = event_info(client);
    EXPECT_EQ(num(e, "confirmed"), 1);
    EXPECT_EQ(num(e, "waitlisted"), 1);

    cancel(client, a);
    EXPECT_EQ(manage_status(client, c.token), "confirmed");
    // The waiting list is empty again: the next one is first in it.
    expect_registered(client, std::nullopt, "waitlisted", 1);
    EXPECT_EQ(num(event_info(client), "confirmed"), 1);
}

TEST(seats, cancelling_twice_is_harmless) {
    server_process server(small_event(1));
    http_client client(server.base_url());
    registered a = expect_registered(client, std::nullopt, "confirmed");
    registered b = expect_registered(client, std::nullopt, "waitlisted", 1);
    registered c = expect_registered(client, std::nullopt, "waitlisted", 2);

    cancel(client, a);
    EXPECT_EQ(manage_status(client, b.token), "confirmed");
    cancel(client, a);  // a second click: same answer, no second seat freed
    EXPECT_EQ(manage_status(client, a.token), "cancelled");
    EXPECT_EQ(manage_status(client, b.token), "confirmed");
    EXPECT_EQ(manage_status(client, c.token), "waitlisted");
    json::object e = event_info(client);
    EXPECT_EQ(num(e, "confirmed"), 1);
    EXPECT_EQ(num(e, "waitlisted"), 1);
    EXPECT_EQ(num(e, "remaining"), 0);

    server_database db(server);
    EXPECT_EQ(db.with_status("confirmed"), 1);
    EXPECT_EQ(db.with_status("cancelled"), 1);
    EXPECT_EQ(db.with_status("waitlisted"), 1);
}

TEST(seats, a_cancelled_person_may_register_again) {
    server_process server(small_event(2));
    http_client client(server.base_url());
    registered first = register_body(client, person("Paul.Bernard@Mairie-Exemple.fr"));
    ASSERT_EQ(first.response.status, 201) << first.response.body;
    cancel(client, first);
    EXPECT_EQ(num(event_info(client), "confirmed"), 0);

    registered again = register_body(client, person("paul.bernard@mairie-exemple.fr", std::string("dircab")));
    ASSERT_EQ(again.response.status, 201) << again.response.body;
    EXPECT_EQ(again.status, "confirmed");
    EXPECT_NE(again.token, first.token);
    EXPECT_EQ(manage_status(client, again.token), "confirmed");
    EXPECT_EQ(manage_status(client, first.token), "cancelled");

    // Registered again, the address is taken again.
    expect_error(client.post_json("/api/registrations", person("PAUL.BERNARD@mairie-exemple.fr")), 409,
                 "already_registered");
    json::object e = event_info(client);
    EXPECT_EQ(num(e, "confirmed"), 1);
    EXPECT_EQ(num(partner_info(e, "dircab"), "confirmed"), 1);
    server_database db(server);
    EXPECT_EQ(db.integer("SELECT count(*) FROM registrations WHERE lower(email) = 'paul.bernard@mairie-exemple.fr' "
                         "AND status <> 'cancelled'"),
              1);
}

TEST(seats, counts_follow_a_cancellation_without_a_waiting_list) {
    server_process server(small_event(2));
    http_client client(server.base_url());
    registered a = expect_registered(client, std::nullopt, "confirmed");
    expect_registered(client, "dircab", "confirmed");
    EXPECT_EQ(num(event_info(client), "remaining"), 0);

    cancel(client, a);
    json::object e = event_info(client);
    EXPECT_EQ(num(e, "confirmed"), 1);
    EXPECT_EQ(num(e, "remaining"), 1);
    EXPECT_EQ(num(e, "waitlisted"), 0);
    expect_registered(client, "dextera", "confirmed");
    EXPECT_EQ(num(event_info(client), "remaining"), 0);
}

TEST(seats, a_partner_that_approves_gives_pending) {
    server_options o = small_event();
    o.partners[2].requires_approval = true;  // CoopCab
    server_process server(o);
    http_client client(server.base_url());

    registered p = expect_registered(client, "coopcab", "pending");
    EXPECT_EQ(manage_status(client, p.token), "pending");
    expect_registered(client, std::nullopt, "confirmed");

    json::object e = event_info(client);
    EXPECT_EQ(num(e, "confirmed"), 1);
    EXPECT_EQ(num(e, "waitlisted"), 0);
    EXPECT_EQ(num(partner_info(e, "coopcab"), "confirmed"), 0);
    server_database db(server);
    EXPECT_EQ(db.with_partner_status("coopcab", "pending"), 1);
    EXPECT_EQ(db.with_status("confirmed"), 1);
}

void expect_window_closed(server_options o) {
    server_process server(o);
    http_client client(server.base_url());
    http_response r = client.post_json("/api/registrations", person(unique_email("window")));
    expect_error(r, 403, "registration_closed");
    EXPECT_TRUE(looks_french(str(r.json(), "message"))) << r.body;
    json::object e = event_info(client);
    ASSERT_TRUE(e.contains("registration_open"));
    EXPECT_EQ(e.at("registration_open"), json::value(false));
    EXPECT_EQ(num(e, "confirmed"), 0);
    EXPECT_EQ(server_database(server).registrations(), 0);
}

TEST(seats, registration_is_closed_after_the_window) {
    server_options o = small_event();
    o.registration_opens_at = "2020-01-01T00:00:00+01:00";
    o.registration_closes_at = "2021-01-01T00:00:00Z";
    expect_window_closed(o);
}

TEST(seats, registration_is_closed_before_the_window) {
    server_options o = small_event();
    o.registration_opens_at = "2099-01-01T09:00:00+01:00";
    expect_window_closed(o);
}

TEST(seats, registration_is_open_inside_the_window) {
    server_options o = small_event();
    o.registration_opens_at = "2020-01-01T00:00:00Z";
    o.registration_closes_at = "2099-12-31T23:59:59+01:00";
    server_process server(o);
    http_client client(server.base_url());
    EXPECT_EQ(event_info(client).at("registration_open"), json::value(true));
    expect_registered(client, std::nullopt, "confirmed");
}

TEST(seats, an_unknown_manage_token_is_404_not_found) {
    server_process server(small_event());
    http_client client(server.base_url());
    registered r = expect_registered(client, std::nullopt, "confirmed");
    std::string unknown = r.token;
    unknown[0] = unknown[0] == 'A' ? 'B' : 'A';

    for (const std::string& token : {unknown, std::string("inconnu"), std::string(43, 'x')}) {
        SCOPED_TRACE(token);
        expect_error(client.get("/api/manage/" + token), 404, "not_found");
        expect_error(client.post_json("/api/manage/" + token + "/cancel", json::object{}), 404, "not_found");
        EXPECT_EQ(client.get("/m/" + token).status, 404);
    }
    // Nothing was cancelled by the attempts.
    EXPECT_EQ(manage_status(client, r.token), "confirmed");
    EXPECT_EQ(num(event_info(client), "confirmed"), 1);
}

}  // namespace
}  // namespace colloq_it
