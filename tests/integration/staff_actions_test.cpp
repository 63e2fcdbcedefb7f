// Staff actions on registrations against the real server: approvals by the seat rules and
// their emails, decline, cancel with the waiting list promoted, resend, corrections that
// re-issue the badge, and the audit trail.
#include <algorithm>
#include <regex>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "smtp_sink.hpp"
#include "staff_support.hpp"
#include "test_support.hpp"

namespace colloq_it {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

struct enrolled : registered {
    std::string email;
};

struct staff_world {
    server_process server;
    http_client client{server.base_url()};
    credentials admin_account;
    header_list admin;

    explicit staff_world(server_options options) : server(std::move(options)) {
        admin_account = first_admin(server);
        admin = bearer(create_token(server, admin_account.email));
    }

    enrolled enrol(const std::optional<std::string>& partner, const std::string& last_name = "Durand") {
        enrolled r;
        r.email = unique_email("action");
        auto body = person(r.email, partner);
        body["last_name"] = last_name;
        static_cast<registered&>(r) = register_body(client, body);
        EXPECT_EQ(r.response.status, 201) << r.response.body;
        return r;
    }

    http_response act(const std::string& id, const std::string& action, const header_list& auth) {
        return client.post_json("/api/registrations/" + id + "/" + action, json::object{}, auth);
    }

    // The parsed .eml file with this name, from the spool.
    mail_message message(const std::string& file_name) {
        for (auto& m : read_messages(server.data_dir() / "mail"))
            if (m.file.filename() == file_name) return m;
        ADD_FAILURE() << "no message " << file_name << " in the spool";
        return {};
    }
};

server_options approval_options(int coopcab_quota) {
    server_options o;
    o.partners = {{"dextera", "Dextera", 80, false}, {"dircab", "Dircab", 80, false},
                  {"coopcab", "CoopCab", coopcab_quota, true}};
    return o;
}

std::vector<std::string> manage_links(const std::string& text) {
    std::vector<std::string> out;
    static const std::regex link("/m/([A-Za-z0-9._~-]+)");
    for (std::sregex_iterator it(text.begin(), text.end(), link), end; it != end; ++it) out.push_back((*it)[1]);
    return out;
}

TEST(staff_actions, approvals_follow_the_seat_rules_and_email_the_outcome) {
    staff_world w(approval_options(1));
    std::string password = add_staff(w.server, "equipe@coopcab.org", "partner", "coopcab");
    staff_session partner = log_in(w.client, "equipe@coopcab.org", password);
    ASSERT_EQ(partner.response.status, 200) << partner.response.body;

    std::vector<enrolled> r;
    for (const char* name : {"Arnaud", "Besson", "Carrel"}) r.push_back(w.enrol("coopcab", name));
    for (const auto& x : r) {
        ASSERT_EQ(x.status, "pending") << x.response.body;
        EXPECT_EQ(wait_for_mail(w.server, x.id, "pending").size(), 1u) << "no pending email for " << x.id;
    }
    EXPECT_EQ(num(partner_info(event_info(w.client), "coopcab"), "confirmed"), 0) << "a pending sign-up took a seat";

    http_response first = w.act(r[0].id, "approve", partner.headers());
    ASSERT_EQ(first.status, 200) << first.body;
    EXPECT_EQ(str(first.json(), "status"), "confirmed") << first.body;
    http_response second = w.act(r[1].id, "approve", w.admin);
    ASSERT_EQ(second.status, 200) << second.body;
    EXPECT_EQ(str(second.json(), "status"), "waitlisted") << "the quota of 1 is taken: " << second.body;
    http_response third = w.act(r[2].id, "decline", partner.headers());
    ASSERT_EQ(third.status, 200) << third.body;
    EXPECT_EQ(str(third.json(), "status"), "cancelled") << third.body;

    EXPECT_EQ(manage_status(w.client, r[0].token), "confirmed");
    EXPECT_EQ(manage_status(w.client, r[1].token), "waitlisted");
    EXPECT_EQ(manage_status(w.client, r[2].token), "cancelled");
    EXPECT_EQ(num(partner_info(event_info(w.client), "coopcab"), "confirmed"), 1);

    // Only a pending registration can be approved or declined.
    expect_error(w.act(r[0].id, "approve", w.admin), 409, "invalid_state");
    expect_error(w.act(r[1].id, "decline", partner.headers()), 409, "invalid_state");
    expect_error(w.act(r[2].id, "approve", w.admin), 409, "invalid_state");
    EXPECT_EQ(manage_status(w.client, r[2].token), "cancelled");

    auto approved0 = wait_for_mail(w.server, r[0].id, "approved");
    auto approved1 = wait_for_mail(w.server, r[1].id, "approved");
    auto declined2 = wait_for_mail(w.server, r[2].id, "declined");
    ASSERT_EQ(approved0.size(), 1u);
    ASSERT_EQ(approved1.size(), 1u);
    ASSERT_EQ(declined2.size(), 1u);
    EXPECT_TRUE(wait_for_mail(w.server, r[0].id, "declined", 1, std::chrono::milliseconds(0)).empty());
    mail_message m0 = w.message(approved0[0]), m1 = w.message(approved1[0]), m2 = w.message(declined2[0]);
    EXPECT_TRUE(text_has(m0.to, r[0].email)) << m0.to;
    EXPECT_TRUE(text_has(m1.to, r[1].email)) << m1.to;
    EXPECT_TRUE(text_has(m2.to, r[2].email)) << m2.to;
    EXPECT_TRUE(text_has(m0.subject, "confirmée")) << m0.subject;
    EXPECT_FALSE(m0.attachments().empty()) << "a confirmed approval carries the badge: " << m0.structure;
    EXPECT_TRUE(text_has(m1.subject, "attente")) << m1.subject;
    EXPECT_TRUE(m1.attachments().empty()) << "no badge on the waiting list: " << m1.structure;
    EXPECT_TRUE(text_has(m2.subject, "non validée")) << m2.subject;
    EXPECT_TRUE(m2.attachments().empty()) << m2.structure;
}

TEST(staff_actions, cancel_gives_the_seat_to_the_first_waitlisted_who_fits) {
    server_options o;
    o.capacity = 2;
    o.partners = {{"dircab", "Dircab", 1, false}, {"dextera", "Dextera", 80, false}};
    staff_world w(o);
    std::string dircab_staff = staff_token(w.server, "equipe@dircab.org", "partner", "dircab");

    enrolled public_one = w.enrol(std::nullopt, "Perrin");
    enrolled dircab_one = w.enrol("dircab", "Dumont");
    enrolled dircab_waiting = w.enrol("dircab", "Dalmas");
    enrolled public_waiting = w.enrol(std::nullopt, "Pasquier");
    enrolled last_waiting = w.enrol(std::nullopt, "Poulain");
    ASSERT_EQ(public_one.status, "confirmed");
    ASSERT_EQ(dircab_one.status, "confirmed");
    for (const auto* x : {&dircab_waiting, &public_waiting, &last_waiting}) ASSERT_EQ(x->status, "waitlisted");
    std::string old_ticket = door_list(w.client, w.admin).ticket_of(dircab_one.id);
    ASSERT_FALSE(old_ticket.empty());

    http_response cancelled = w.act(public_one.id, "cancel", w.admin);
    ASSERT_EQ(cancelled.status, 200) << cancelled.body;
    EXPECT_EQ(str(cancelled.json(), "status"), "cancelled");
    // Dircab's quota is still taken: the seat goes to the public sign-up behind it.
    EXPECT_EQ(manage_status(w.client, dircab_waiting.token), "waitlisted");
    EXPECT_EQ(manage_status(w.client, public_waiting.token), "confirmed");
    EXPECT_EQ(manage_status(w.client, last_waiting.token), "waitlisted");
    EXPECT_EQ(wait_for_mail(w.server, public_waiting.id, "promoted").size(), 1u);
    EXPECT_EQ(wait_for_mail(w.server, public_one.id, "cancelled").size(), 1u);

    http_response by_partner = w.act(dircab_one.id, "cancel", bearer(dircab_staff));
    ASSERT_EQ(by_partner.status, 200) << by_partner.body;
    EXPECT_EQ(manage_status(w.client, dircab_waiting.token), "confirmed");
    EXPECT_EQ(manage_status(w.client, last_waiting.token), "waitlisted");
    EXPECT_EQ(wait_for_mail(w.server, dircab_waiting.id, "promoted").size(), 1u);
    EXPECT_EQ(num(event_info(w.client), "confirmed"), 2);

    door_snapshot door = door_list(w.client, w.admin);
    EXPECT_NE(std::find(door.revoked.begin(), door.revoked.end(), old_ticket), door.revoked.end())
        << "the cancelled badge is not revoked";
    EXPECT_TRUE(door.ticket_of(dircab_one.id).empty()) << "a cancelled person is still expected at the door";
}

TEST(staff_actions, resend_queues_a_new_email_with_a_working_manage_link) {
    server_options o;
    o.capacity = 1;
    staff_world w(o);
    enrolled confirmed = w.enrol(std::nullopt, "Renaud");
    enrolled waiting = w.enrol(std::nullopt, "Rivière");
    ASSERT_EQ(wait_for_mail(w.server, confirmed.id, "confirmed").size(), 1u);
    ASSERT_EQ(wait_for_mail(w.server, waiting.id, "waitlisted").size(), 1u);

    http_response again = w.act(confirmed.id, "resend", w.admin);
    ASSERT_EQ(again.status, 200) << again.body;
    EXPECT_EQ(str(again.json(), "status"), "confirmed");
    auto files = wait_for_mail(w.server, confirmed.id, "confirmed", 2);
    ASSERT_EQ(files.size(), 2u) << "no second email after resend";
    std::string old_text = w.message(files[0]).text, new_text = w.message(files[1]).text;
    auto old_links = manage_links(old_text), new_links = manage_links(new_text);
    ASSERT_FALSE(old_links.empty()) << old_text;
    ASSERT_FALSE(new_links.empty()) << new_text;
    EXPECT_NE(old_links[0], new_links[0]) << "the resent email carries the same manage link";
    http_response page = w.client.get("/api/manage/" + new_links[0]);
    ASSERT_EQ(page.status, 200) << page.body;
    EXPECT_EQ(id_text(page.json().at("id")), confirmed.id);

    ASSERT_EQ(w.act(waiting.id, "resend", w.admin).status, 200);
    EXPECT_EQ(wait_for_mail(w.server, waiting.id, "waitlisted", 2).size(), 2u);
    EXPECT_TRUE(wait_for_mail(w.server, waiting.id, "confirmed", 1, std::chrono::milliseconds(0)).empty())
        << "a waitlisted person was sent a badge";
    expect_error(w.act("123456", "resend", w.admin), 404, "not_found");
}

TEST(staff_actions, edits_are_validated_and_reissue_the_badge) {
    staff_world w(server_options{});
    enrolled r = w.enrol("dextera", "Lefebvre");
    ASSERT_EQ(r.status, "confirmed");
    ASSERT_EQ(wait_for_mail(w.server, r.id, "confirmed").size(), 1u);
    const std::string path = "/api/registrations/" + r.id;
    std::string old_ticket = door_list(w.client, w.admin).ticket_of(r.id);
    ASSERT_FALSE(old_ticket.empty());

    expect_invalid(w.client.patch_json(path, json::object{{"first_name", "  "}}, w.admin), "first_name");
    expect_invalid(w.client.patch_json(path, json::object{{"last_name", std::string(101, 'a')}}, w.admin), "last_name");
    expect_invalid(w.client.patch_json(path, json::object{{"organisation", "Mairie\nde Lyon"}}, w.admin), "organisation");
    expect_invalid(w.client.patch_json(path, json::object{{"role", std::string(151, 'r')}}, w.admin), "role");
    expect_error(w.client.patch_json(path, json::object{}, w.admin), 422, "invalid");
    door_snapshot unchanged = door_list(w.client, w.admin);
    EXPECT_EQ(unchanged.ticket_of(r.id), old_ticket) << "a refused edit re-issued the badge";
    EXPECT_TRUE(unchanged.revoked.empty());

    http_response edited = w.client.patch_json(
        path, json::object{{"last_name", "  Lefèvre-Martin "}, {"organisation", "Métropole de Lyon"}}, w.admin);
    ASSERT_EQ(edited.status, 200) << edited.body;
    json::value e = edited.json();
    EXPECT_EQ(str(e, "last_name"), "Lefèvre-Martin");
    EXPECT_EQ(str(e, "organisation"), "Métropole de Lyon");
    EXPECT_EQ(str(e, "first_name"), "Camille") << "an untouched field changed";
    EXPECT_EQ(str(e, "status"), "confirmed");

    door_snapshot after = door_list(w.client, w.admin);
    std::string new_ticket = after.ticket_of(r.id);
    EXPECT_FALSE(new_ticket.empty());
    EXPECT_NE(new_ticket, old_ticket) << "the badge was not re-issued";
    EXPECT_NE(std::find(after.revoked.begin(), after.revoked.end(), old_ticket), after.revoked.end())
        << "the old ticket is not revoked";
    EXPECT_EQ(std::find(after.revoked.begin(), after.revoked.end(), new_ticket), after.revoked.end());
    auto mails = wait_for_mail(w.server, r.id, "confirmed", 2);
    ASSERT_EQ(mails.size(), 2u) << "no new badge email after the edit";
    EXPECT_TRUE(text_has(w.message(mails[1]).text, "Lefèvre-Martin"));
    http_response own = w.client.get("/api/manage/" + r.token);
    EXPECT_EQ(str(own.json(), "last_name"), "Lefèvre-Martin") << own.body;
}

TEST(staff_actions, the_audit_trail_records_who_did_what_newest_first) {
    staff_world w(approval_options(10));
    std::string password = add_staff(w.server, "equipe@coopcab.org", "partner", "coopcab");
    staff_session partner = log_in(w.client, "equipe@coopcab.org", password);
    std::string other = staff_token(w.server, "equipe@dextera.org", "partner", "dextera");
    enrolled one = w.enrol("coopcab", "Aubert");
    enrolled two = w.enrol("coopcab", "Barbier");

    ASSERT_EQ(w.act(one.id, "approve", partner.headers()).status, 200);
    ASSERT_EQ(w.act(two.id, "decline", w.admin).status, 200);
    ASSERT_EQ(w.act(one.id, "resend", w.admin).status, 200);
    ASSERT_EQ(w.client.patch_json("/api/registrations/" + one.id, json::object{{"last_name", "Aubertin"}},
                                  partner.headers()).status, 200);
    // Refused attempts are not actions.
    EXPECT_EQ(w.act(one.id, "cancel", bearer(other)).status, 404);
    EXPECT_EQ(w.act(two.id, "approve", w.admin).status, 409);
    ASSERT_EQ(w.act(one.id, "cancel", w.admin).status, 200);

    http_response audit = w.client.get("/api/audit", w.admin);
    ASSERT_EQ(audit.status, 200) << audit.body;
    json::value v = audit.json();
    ASSERT_TRUE(has(v, "entries") && v.at("entries").is_array()) << audit.body;
    const auto& entries = v.at("entries").as_array();
    struct expected_entry {
        std::string action, staff, id;
    };
    const std::string admin_email = w.admin_account.email;
    const std::vector<expected_entry> expected{{"cancel", admin_email, one.id},
                                               {"edit", "equipe@coopcab.org", one.id},
                                               {"resend", admin_email, one.id},
                                               {"decline", admin_email, two.id},
                                               {"approve", "equipe@coopcab.org", one.id}};
    ASSERT_EQ(entries.size(), expected.size()) << audit.body;
    std::string previous_at = "9999";
    for (std::size_t i = 0; i < expected.size(); ++i) {
        SCOPED_TRACE("entry " + std::to_string(i) + ": " + json::serialize(entries[i]));
        EXPECT_EQ(str(entries[i], "action"), expected[i].action);
        EXPECT_EQ(str(entries[i], "staff"), expected[i].staff);
        ASSERT_TRUE(has(entries[i], "registration_id"));
        EXPECT_EQ(id_text(entries[i].at("registration_id")), expected[i].id);
        std::string at = str(entries[i], "at");
        EXPECT_TRUE(std::regex_match(at, std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d))"))) << at;
        EXPECT_LE(at, previous_at) << "not newest first";
        previous_at = at;
    }
    EXPECT_TRUE(text_has(str(entries[1], "detail"), "last_name")) << "the edit does not say what changed";
}

}  // namespace
}  // namespace colloq_it
