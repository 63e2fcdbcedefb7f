// Emails through a real SMTP server (aiosmtpd): the confirmation with its badge, the
// waiting-list email, delivery after the SMTP server comes back, delivery after the
// server is killed mid-sending, the .eml spool when no SMTP server is configured, and the
// new private link sent to whoever registers again.
#include <cctype>
#include <map>
#include <regex>
#include <set>
#include <thread>

#include <gtest/gtest.h>

#include "badge_support.hpp"
#include "smtp_sink.hpp"
#include "server_database.hpp"
#include "test_support.hpp"

namespace colloq_it {
namespace {

using namespace badge_kit;

namespace fs = std::filesystem;
using namespace std::chrono_literals;

constexpr const char* full_structure =
    "multipart/mixed(multipart/related(multipart/alternative(text/plain,text/html),image/png),"
    "application/pdf,text/calendar)";

bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

std::set<std::string> content_type_set(const mail_message& m) {
    return {m.content_types.begin(), m.content_types.end()};
}

const mail_message* message_to(const std::vector<mail_message>& messages, const std::string& email) {
    for (const auto& m : messages)
        if (m.rcpt_to == email || contains(m.to, email)) return &m;
    return nullptr;
}

std::vector<std::string> register_many(http_client& client, int n, const std::string& tag) {
    std::vector<std::string> emails;
    for (int i = 0; i < n; ++i) {
        std::string email = unique_email(tag);
        auto r = register_body(client, person(email));
        EXPECT_EQ(r.response.status, 201) << r.response.body << r.response.transport_error;
        emails.push_back(email);
    }
    return emails;
}

TEST(mail, confirmation_arrives_with_qr_badge_pdf_and_calendar) {
    smtp_sink sink;
    server_process server(config_with_smtp({}, sink.url(), 1));
    http_client client(server.base_url());
    std::string email = unique_email("eloise");
    auto body = person(email);
    body["first_name"] = "Éloïse";
    body["last_name"] = "Lefebvre-Dubois";
    body["organisation"] = "Métropole de Lyon";
    auto reg = register_body(client, body);
    ASSERT_EQ(reg.response.status, 201) << reg.response.body;
    ASSERT_EQ(reg.status, "confirmed");

    ASSERT_EQ(sink.wait_for(1, 15s), 1u) << "no email reached the SMTP server";
    temp_dir scratch;
    auto messages = sink.messages(scratch.path());
    ASSERT_EQ(messages.size(), 1u);
    const mail_message& m = messages[0];
    EXPECT_EQ(m.rcpt_to, email);
    EXPECT_TRUE(contains(m.to, email)) << m.to;
    EXPECT_TRUE(contains(m.subject, "Inscription confirmée")) << m.subject;
    EXPECT_EQ(m.structure, full_structure);

    server_database db(server);
    std::string outbox_id = db.text("SELECT id FROM outbox WHERE registration_id = ? AND kind = 'confirmed'", {reg.id});
    ASSERT_FALSE(outbox_id.empty());
    EXPECT_EQ(m.message_id, "<outbox-" + outbox_id + "." + event_slug + "@example.org>");

    mail_part png = m.attachment("badge-qr.png");
    EXPECT_EQ(png.content_type, "image/png");
    EXPECT_EQ(png.content_id, "badge-qr@colloq") << "a Content-ID is an addr-spec (RFC 2392)";
    EXPECT_TRUE(contains(m.html, "cid:badge-qr@colloq")) << "the HTML shows the part it carries";
    mail_part pdf = m.attachment("badge.pdf");
    EXPECT_EQ(pdf.content_type, "application/pdf");
    mail_part ics = m.attachment("colloque.ics");
    EXPECT_EQ(ics.content_type, "text/calendar");
    EXPECT_TRUE(contains(m.text, "Éloïse")) << m.text;
    EXPECT_TRUE(contains(m.text, reg.manage_url)) << "the plain text lacks the manage link " << reg.manage_url;

    // The QR code, read by an independent decoder, is a ticket signed by the server's key.
    ASSERT_FALSE(png.saved.empty());
    std::string ticket = decode_qr(png.saved);
    ASSERT_EQ(ticket.size(), 130u) << "zbarimg read: \"" << ticket << "\"";
    std::string key_text = cli_public_key(server);
    std::string admin = api_token(server, admin_email);
    http_response key = client.get("/api/checkin/key", bearer(admin));
    ASSERT_EQ(key.status, 200) << key.body;
    EXPECT_EQ(str(key.json(), "public_key"), key_text);
    auto public_key = base64url_decode(key_text);
    ASSERT_EQ(public_key.size(), 32u) << key_text;
    ticket_check c = check_ticket(ticket, public_key);
    ASSERT_TRUE(c.well_formed) << ticket;
    EXPECT_EQ(c.version, 1);
    EXPECT_EQ(c.event_tag, expected_event_tag(event_slug));
    EXPECT_EQ(std::to_string(c.registration_id), reg.id);
    EXPECT_TRUE(c.signature_valid) << "the ticket does not verify with the public key: " << ticket;
    std::string forged = ticket;
    forged[60] = forged[60] == 'A' ? 'B' : 'A';
    EXPECT_FALSE(check_ticket(forged, public_key).signature_valid);

    // The printable badge names the person and the organisation.
    std::string text = pdf_text(pdf.saved);
    EXPECT_TRUE(contains(text, "Éloïse")) << text;
    EXPECT_TRUE(contains(ascii_lower(text), "lefebvre-dubois")) << text;
    EXPECT_TRUE(contains(text, "Métropole de Lyon")) << text;

    std::string calendar = read_bytes(ics.saved);
    EXPECT_TRUE(contains(calendar, "BEGIN:VCALENDAR")) << calendar;
    EXPECT_TRUE(contains(calendar, "BEGIN:VEVENT")) << calendar;
}

TEST(mail, waitlisted_people_get_their_position_and_no_badge) {
    smtp_sink sink;
    server_options options;
    options.capacity = 1;
    server_process server(config_with_smtp(options, sink.url(), 1));
    http_client client(server.base_url());
    std::vector<std::string> emails;
    std::vector<std::string> statuses;
    for (int i = 0; i < 3; ++i) {
        emails.push_back(unique_email("attente"));
        auto r = register_body(client, person(emails.back()));
        ASSERT_EQ(r.response.status, 201) << r.response.body;
        statuses.push_back(r.status);
        if (i > 0) {
            ASSERT_TRUE(r.waitlist_position.has_value()) << r.response.body;
            EXPECT_EQ(*r.waitlist_position, i) << r.response.body;
        }
    }
    ASSERT_EQ(statuses, (std::vector<std::string>{"confirmed", "waitlisted", "waitlisted"}));

    ASSERT_EQ(sink.wait_for(3, 15s), 3u);
    auto messages = sink.messages();
    ASSERT_EQ(messages.size(), 3u);
    const mail_message* confirmed = message_to(messages, emails[0]);
    ASSERT_NE(confirmed, nullptr);
    EXPECT_EQ(confirmed->attachments().size(), 3u) << confirmed->structure;
    for (int i = 1; i < 3; ++i) {
        const mail_message* m = message_to(messages, emails[i]);
        ASSERT_NE(m, nullptr) << "no email to " << emails[i];
        EXPECT_TRUE(contains(m->subject, "Liste d'attente")) << m->subject;
        EXPECT_TRUE(m->attachments().empty()) << m->structure;
        auto types = content_type_set(*m);
        EXPECT_EQ(types.count("image/png"), 0u) << m->structure;
        EXPECT_EQ(types.count("application/pdf"), 0u) << m->structure;
        EXPECT_EQ(types.count("text/calendar"), 0u) << m->structure;
        EXPECT_EQ(types.count("text/plain"), 1u) << m->structure;
        EXPECT_EQ(types.count("text/html"), 1u) << m->structure;
        std::string text = fold_spaces(m->text);
        EXPECT_TRUE(contains(text, "position " + std::to_string(i))) << text;
        EXPECT_FALSE(contains(text, "position " + std::to_string(3 - i))) << text;
    }
}

TEST(mail, emails_queued_while_smtp_is_down_all_arrive_once) {
    smtp_sink sink(false);
    server_process server(config_with_smtp({}, sink.url(), 2));
    http_client client(server.base_url());
    auto emails = register_many(client, 20, "panne");
    ASSERT_EQ(emails.size(), 20u);

    // The worker tried, failed and kept every email. An unreachable server pauses the worker
    // as a whole: the e-mails are not charged with the outage, and not tried one by one.
    server_database db(server);
    auto deadline = std::chrono::steady_clock::now() + 10s;
    while (db.integer("SELECT COUNT(*) FROM outbox WHERE last_error IS NOT NULL") == 0 &&
           std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(100ms);
    EXPECT_GE(db.integer("SELECT COUNT(*) FROM outbox WHERE last_error IS NOT NULL"), 1);
    std::this_thread::sleep_for(3s);
    EXPECT_EQ(db.integer("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL"), 20);
    EXPECT_EQ(db.integer("SELECT COUNT(*) FROM outbox WHERE attempts > 0"), 0);
    EXPECT_EQ(db.integer("SELECT COUNT(*) FROM outbox WHERE next_attempt_at > created_at"), 0)
        << "an outage rescheduled e-mails one by one";
    std::string log = server.log();
    std::size_t paused = 0;
    for (auto at = log.find("sending paused"); at != std::string::npos; at = log.find("sending paused", at + 1)) ++paused;
    EXPECT_GE(paused, 1u) << log;
    EXPECT_LE(paused, 6u) << "the worker tried e-mail after e-mail instead of pausing:\n" << log;
    EXPECT_EQ(sink.count(), 0u);

    sink.start();
    EXPECT_EQ(sink.wait_for(20, 20s), 20u) << "not every email arrived within 20 s of the SMTP server's return";
    std::this_thread::sleep_for(1500ms);  // time for a duplicate to show up
    auto messages = sink.messages();
    EXPECT_EQ(messages.size(), 20u);
    std::map<std::string, int> per_recipient;
    std::set<std::string> ids;
    for (const auto& m : messages) {
        ++per_recipient[m.rcpt_to];
        ids.insert(m.message_id);
        EXPECT_EQ(m.structure, full_structure) << m.rcpt_to;
    }
    EXPECT_EQ(ids.size(), 20u);
    for (const auto& e : emails) EXPECT_EQ(per_recipient[e], 1) << e;
    EXPECT_EQ(per_recipient.size(), 20u);

    deadline = std::chrono::steady_clock::now() + 5s;
    while (db.integer("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL") > 0 &&
           std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(100ms);
    EXPECT_EQ(db.integer("SELECT COUNT(*) FROM outbox WHERE sent_at IS NOT NULL"), 20);
}

TEST(mail, every_email_arrives_after_a_kill_9_while_sending) {
    constexpr std::size_t total = 30;
    smtp_sink sink(false);
    server_process server(config_with_smtp({}, sink.url(), 1));
    {
        http_client client(server.base_url());
        auto emails = register_many(client, total, "coupure");
        ASSERT_EQ(emails.size(), total);
    }
    std::set<std::string> expected;
    {
        server_database db(server);
        for (const auto& row : db.rows("SELECT email FROM registrations")) expected.insert(row[0].value_or(""));
    }
    ASSERT_EQ(expected.size(), total);

    // The SMTP server comes back; as soon as the first emails land, the server is killed.
    sink.start();
    auto deadline = std::chrono::steady_clock::now() + 15s;
    while (sink.count() == 0 && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(2ms);
    server.kill9();
    std::size_t at_kill = sink.count();
    ::testing::Test::RecordProperty("emails_at_kill", static_cast<int>(at_kill));
    ASSERT_GE(at_kill, 1u) << "nothing was sent before the kill";
    EXPECT_LT(at_kill, total) << "everything was sent before the kill: the kill did not land mid-sending";

    server.restart();
    std::vector<mail_message> messages;
    std::set<std::string> received;
    deadline = std::chrono::steady_clock::now() + 25s;
    do {
        sink.wait_for(total, 1s);
        messages = sink.messages();
        received.clear();
        for (const auto& m : messages) received.insert(m.rcpt_to);
    } while (received != expected && std::chrono::steady_clock::now() < deadline);
    EXPECT_EQ(received, expected) << at_kill << " emails had arrived at the kill; " << sink.count() << " in the end";
    std::map<std::string, std::set<std::string>> recipients_of_id;
    for (const auto& m : messages) {
        recipients_of_id[m.message_id].insert(m.rcpt_to);
        EXPECT_TRUE(std::regex_match(m.message_id, std::regex("<outbox-[0-9]+\\.colloque-test-2030@example\\.org>")))
            << m.message_id;
    }
    for (const auto& [id, who] : recipients_of_id) EXPECT_EQ(who.size(), 1u) << id << " went to several people";
    EXPECT_EQ(recipients_of_id.size(), total);
}

TEST(mail, without_smtp_emails_are_written_as_eml_files) {
    server_options options;
    options.capacity = 2;
    server_process server(options);
    http_client client(server.base_url());
    std::vector<std::string> emails;
    std::vector<std::string> ids;
    for (int i = 0; i < 3; ++i) {
        emails.push_back(unique_email("spool"));
        auto r = register_body(client, person(emails.back()));
        ASSERT_EQ(r.response.status, 201) << r.response.body;
        ids.push_back(r.id);
    }
    fs::path spool = server.data_dir() / "mail";
    auto deadline = std::chrono::steady_clock::now() + 15s;
    while (count_message_files(spool) < 3 && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(50ms);
    ASSERT_EQ(count_message_files(spool), 3u);

    server_database db(server);
    std::set<std::string> names;
    for (const auto& entry : fs::directory_iterator(spool)) names.insert(entry.path().filename().string());
    std::set<std::string> expected_names;
    for (int i = 0; i < 3; ++i) {
        std::string outbox = db.text("SELECT id FROM outbox WHERE registration_id = ?", {ids[i]});
        ASSERT_FALSE(outbox.empty());
        std::string number = std::string(8 - std::min<std::size_t>(8, outbox.size()), '0') + outbox;
        expected_names.insert(number + (i < 2 ? "-confirmed.eml" : "-waitlisted.eml"));
    }
    EXPECT_EQ(names, expected_names);

    auto messages = read_messages(spool);
    ASSERT_EQ(messages.size(), 3u);
    for (int i = 0; i < 3; ++i) {
        const mail_message* m = message_to(messages, emails[i]);
        ASSERT_NE(m, nullptr) << "no .eml addressed to " << emails[i];
        EXPECT_TRUE(contains(m->to, emails[i])) << m->to;
        if (i < 2) {
            EXPECT_EQ(m->structure, full_structure) << m->file;
            EXPECT_TRUE(contains(m->subject, "Inscription confirmée")) << m->subject;
        } else {
            EXPECT_TRUE(m->attachments().empty()) << m->structure;
            EXPECT_TRUE(contains(m->subject, "Liste d'attente")) << m->subject;
        }
    }
}

// Registering again with the same address writes no second registration, but e-mails a new
// private link to the one that exists (the person may have lost the first e-mail).
TEST(mail, registering_again_emails_a_new_link_to_the_same_registration) {
    server_process server;
    http_client client(server.base_url());
    std::string email = unique_email("encore");
    registered first = register_body(client, person(email));
    ASSERT_EQ(first.response.status, 201) << first.response.body;
    std::string shouted = email;
    for (char& c : shouted) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    http_response again = client.post_json("/api/registrations", person(" " + shouted + " "));
    EXPECT_EQ(again.status, 409) << again.body;

    fs::path spool = server.data_dir() / "mail";
    auto deadline = std::chrono::steady_clock::now() + 15s;
    while (count_message_files(spool) < 2 && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(50ms);
    auto messages = read_messages(spool);
    ASSERT_EQ(messages.size(), 2u);
    const mail_message& reminder = messages[1];  // in outbox order
    EXPECT_TRUE(contains(reminder.file.filename().string(), "-already_registered.eml")) << reminder.file;
    EXPECT_TRUE(reminder.attachments().empty()) << reminder.structure;

    std::smatch link;
    ASSERT_TRUE(std::regex_search(reminder.text, link, std::regex("/m/([A-Za-z0-9._-]+)"))) << reminder.text;
    std::string token = link[1];
    EXPECT_NE(token, first.token);
    http_response manage = client.get("/api/manage/" + token);
    ASSERT_EQ(manage.status, 200) << manage.body;
    EXPECT_EQ(std::to_string(num(manage.json(), "id")), first.id) << manage.body;
    EXPECT_EQ(manage_status(client, first.token), "confirmed");

    server_database db(server);
    EXPECT_EQ(db.registrations(), 1);
}

}  // namespace
}  // namespace colloq_it
