// The attendee's badge files (QR image, printable PDF, calendar entry): served for a
// confirmed registration only, and revoked by a cancellation.
#include <set>
#include <thread>

#include <gtest/gtest.h>

#include "badge_support.hpp"
#include "server_database.hpp"
#include "test_support.hpp"

namespace colloq_it {
namespace {

using namespace badge_kit;

namespace json = boost::json;
using namespace std::chrono_literals;

bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

// RFC 5545 content lines folded at 75 octets, unfolded.
std::string unfold(const std::string& ics) {
    std::string out;
    for (std::size_t i = 0; i < ics.size(); ++i) {
        if (ics[i] == '\r' && i + 2 < ics.size() && ics[i + 1] == '\n' && (ics[i + 2] == ' ' || ics[i + 2] == '\t')) {
            i += 2;
            continue;
        }
        if (ics[i] == '\n' && i + 1 < ics.size() && (ics[i + 1] == ' ' || ics[i + 1] == '\t')) {
            i += 1;
            continue;
        }
        out += ics[i];
    }
    return out;
}

// The value of the first content line with this name (parameters allowed), "" when absent.
std::string ics_line(const std::string& ics, const std::string& name) {
    std::size_t at = 0;
    while ((at = ics.find(name, at)) != std::string::npos) {
        bool line_start = at == 0 || ics[at - 1] == '\n';
        char next = at + name.size() < ics.size() ? ics[at + name.size()] : '\0';
        if (line_start && (next == ':' || next == ';')) {
            auto end = ics.find_first_of("\r\n", at);
            return ics.substr(at, end == std::string::npos ? std::string::npos : end - at);
        }
        at += name.size();
    }
    return {};
}

void expect_badge_files_absent(http_client& client, const std::string& token, const std::string& who) {
    for (const char* file : {"badge.png", "badge.pdf", "event.ics"}) {
        http_response r = client.get("/m/" + token + "/" + file);
        EXPECT_EQ(r.status, 404) << who << ": GET /m/…/" << file << " answered " << r.status;
    }
}

TEST(badge, files_are_served_for_a_confirmed_registration) {
    server_process server;
    http_client client(server.base_url());
    auto reg = register_new(client, std::nullopt, "badge");
    ASSERT_EQ(reg.response.status, 201) << reg.response.body;
    ASSERT_EQ(reg.status, "confirmed");

    http_response png = client.get("/m/" + reg.token + "/badge.png");
    EXPECT_EQ(png.status, 200);
    EXPECT_EQ(png.header("content-type"), "image/png");
    EXPECT_EQ(png.body.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));

    http_response pdf = client.get("/m/" + reg.token + "/badge.pdf");
    EXPECT_EQ(pdf.status, 200);
    EXPECT_EQ(pdf.header("content-type"), "application/pdf");
    EXPECT_EQ(pdf.body.substr(0, 5), "%PDF-");
    temp_dir scratch;
    write_bytes(scratch.path() / "badge.pdf", pdf.body);
    std::string text = pdf_text(scratch.path() / "badge.pdf");
    EXPECT_TRUE(contains(text, "Camille")) << text;
    EXPECT_TRUE(contains(text, "Commune de Villeurbanne")) << text;

    http_response ics = client.get("/m/" + reg.token + "/event.ics");
    EXPECT_EQ(ics.status, 200);
    EXPECT_EQ(ics.header("content-type").rfind("text/calendar", 0), 0u) << ics.header("content-type");
    std::string cal = unfold(ics.body);
    EXPECT_EQ(cal.rfind("BEGIN:VCALENDAR", 0), 0u) << cal;
    EXPECT_TRUE(contains(cal, "BEGIN:VEVENT")) << cal;
    // 2030-10-10T09:00:00+02:00 to 13:00+02:00, in UTC.
    EXPECT_EQ(ics_line(cal, "DTSTART"), "DTSTART:20301010T070000Z") << cal;
    EXPECT_EQ(ics_line(cal, "DTEND"), "DTEND:20301010T110000Z") << cal;
    EXPECT_EQ(reg.manage_url, "http://colloq.test/m/" + reg.token);
    EXPECT_TRUE(contains(cal, reg.manage_url)) << "the calendar entry lacks the manage link " << reg.manage_url
                                               << ":\n" << cal;
    EXPECT_TRUE(contains(ics_line(cal, "LOCATION"), "Palais du Luxembourg")) << cal;
    std::string uid = ics_line(cal, "UID");
    EXPECT_GT(uid.size(), 5u) << cal;
    EXPECT_EQ(ics_line(unfold(client.get("/m/" + reg.token + "/event.ics").body), "UID"), uid) << "the UID is not stable";

    // The QR decodes to this registration's ticket, signed with the server's key.
    write_bytes(scratch.path() / "badge.png", png.body);
    std::string ticket = decode_qr(scratch.path() / "badge.png");
    ticket_check c = check_ticket(ticket, base64url_decode(cli_public_key(server)));
    EXPECT_TRUE(c.signature_valid) << ticket;
    EXPECT_EQ(std::to_string(c.registration_id), reg.id);
    EXPECT_EQ(c.event_tag, expected_event_tag(event_slug));
    server_database db(server);
    EXPECT_EQ(db.text("SELECT ticket_nonce FROM registrations WHERE id = ?", {reg.id}), c.nonce_hex);

    http_response unknown = client.get("/m/" + reg.token + "x/badge.png");
    EXPECT_EQ(unknown.status, 404);
}

TEST(badge, no_files_while_waitlisted_nor_after_cancelling) {
    server_options options;
    options.capacity = 1;
    server_process server(options);
    http_client client(server.base_url());
    auto first = register_new(client, std::nullopt, "premier");
    auto second = register_new(client, std::nullopt, "second");
    ASSERT_EQ(first.status, "confirmed") << first.response.body;
    ASSERT_EQ(second.status, "waitlisted") << second.response.body;
    expect_badge_files_absent(client, second.token, "waitlisted");
    EXPECT_EQ(client.get("/m/" + first.token + "/badge.png").status, 200);

    http_response cancel = client.post_json("/api/manage/" + first.token + "/cancel", json::object{});
    ASSERT_EQ(cancel.status, 200) << cancel.body;
    EXPECT_EQ(str(cancel.json(), "status"), "cancelled");
    expect_badge_files_absent(client, first.token, "cancelled");

    // The freed seat went to the waiting list: that badge now exists.
    EXPECT_EQ(manage_status(client, second.token), "confirmed");
    http_response promoted = client.get("/m/" + second.token + "/badge.png");
    EXPECT_EQ(promoted.status, 200);
    EXPECT_EQ(promoted.header("content-type"), "image/png");
}

TEST(badge, cancelling_revokes_the_ticket_in_the_door_list) {
    server_process server;
    http_client client(server.base_url());
    std::string admin = api_token(server, admin_email);
    auto keep = register_new(client, std::nullopt, "garde");
    auto leave = register_new(client, std::nullopt, "part");
    ASSERT_EQ(keep.status, "confirmed");
    ASSERT_EQ(leave.status, "confirmed");
    temp_dir scratch;
    auto key = base64url_decode(cli_public_key(server));
    std::string kept_id = check_ticket(ticket_of(client, keep.token, scratch.path()), key).nonce_hex;
    std::string revoked_id = check_ticket(ticket_of(client, leave.token, scratch.path()), key).nonce_hex;
    ASSERT_EQ(revoked_id.size(), 16u);

    http_response before = client.get("/api/checkin/list", bearer(admin));
    ASSERT_EQ(before.status, 200) << before.body;
    json::value before_list = before.json();
    std::string as_of = str(before_list, "as_of");
    ASSERT_NE(as_of, "<missing>") << before.body;
    EXPECT_TRUE(before_list.at("revoked").as_array().empty()) << before.body;
    std::set<std::string> listed_tickets;
    for (const auto& r : before_list.at("registrations").as_array()) listed_tickets.insert(str(r, "ticket_id"));
    EXPECT_EQ(listed_tickets, (std::set<std::string>{kept_id, revoked_id}));

    std::this_thread::sleep_for(20ms);
    http_response cancel = client.post_json("/api/manage/" + leave.token + "/cancel", json::object{});
    ASSERT_EQ(cancel.status, 200) << cancel.body;

    http_response since = client.get("/api/checkin/list?since=" + as_of, bearer(admin));
    ASSERT_EQ(since.status, 200) << since.body;
    json::value since_list = since.json();
    std::vector<std::string> revoked;
    for (const auto& t : since_list.at("revoked").as_array())
        if (t.is_string()) revoked.emplace_back(t.as_string());
    EXPECT_EQ(revoked, std::vector<std::string>{revoked_id}) << since.body;
    bool saw_cancelled = false;
    for (const auto& r : since_list.at("registrations").as_array()) {
        if (id_text(r.as_object().at("id")) == leave.id) {
            saw_cancelled = true;
            EXPECT_EQ(str(r, "status"), "cancelled") << since.body;
        }
        EXPECT_NE(id_text(r.as_object().at("id")), keep.id) << "an unchanged registration is listed: " << since.body;
    }
    EXPECT_TRUE(saw_cancelled) << since.body;

    // The full list no longer carries the cancelled registration.
    http_response after = client.get("/api/checkin/list", bearer(admin));
    ASSERT_EQ(after.status, 200);
    json::value after_list = after.json();
    std::set<std::string> ids;
    for (const auto& r : after_list.at("registrations").as_array()) ids.insert(id_text(r.at("id")));
    EXPECT_EQ(ids, std::set<std::string>{keep.id});
    server_database db(server);
    EXPECT_EQ(db.integer("SELECT COUNT(*) FROM revoked_tickets WHERE nonce = ?", {revoked_id}), 1);
}

}  // namespace
}  // namespace colloq_it
