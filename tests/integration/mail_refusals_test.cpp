// What an SMTP server's refusals do to the outbox, against a real aiosmtpd (smtp_sink.py):
// a greylisted recipient (450) waits alone with its own backoff while everyone else's badge
// leaves at once; a server answering 421 pauses the worker without charging the e-mails; a
// recipient refused for good (550) is not retried and its row forgets the private link, as
// does a row refused for now during five days; a user and password in smtp_url never cross
// without TLS.
#include <algorithm>
#include <thread>

#include <gtest/gtest.h>

#include "smtp_sink.hpp"
#include "server_database.hpp"
#include "test_support.hpp"

namespace colloq_it {
namespace {

using namespace std::chrono_literals;
using clock_type = std::chrono::steady_clock;

bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

bool delivered_to(const smtp_sink& sink, const std::string& email) {
    for (const auto& m : sink.messages())
        if (m.rcpt_to == email) return true;
    return false;
}

// Polls `done` until it holds or `timeout` passes; returns whether it held.
template <class F>
bool eventually(F done, std::chrono::milliseconds timeout) {
    auto deadline = clock_type::now() + timeout;
    for (;;) {
        if (done()) return true;
        if (clock_type::now() >= deadline) return false;
        std::this_thread::sleep_for(100ms);
    }
}

std::string outbox_id_of(server_database& db, const std::string& registration_id) {
    return db.text("SELECT id FROM outbox WHERE registration_id = ? ORDER BY id LIMIT 1", {registration_id});
}

TEST(mail_refusals, greylisted_recipients_wait_alone_and_arrive_once_accepted) {
    smtp_sink sink;
    server_process server(config_with_smtp({}, sink.url(), 1));
    http_client client(server.base_url());
    std::vector<std::string> greylisted;
    for (int i = 0; i < 12; ++i) greylisted.push_back(unique_email("grise"));
    sink.greylist(greylisted);
    for (const auto& email : greylisted) {
        auto r = register_body(client, person(email));
        ASSERT_EQ(r.response.status, 201) << r.response.body;
    }
    std::string other = unique_email("badge");
    auto started = clock_type::now();
    auto reg = register_body(client, person(other));
    ASSERT_EQ(reg.response.status, 201) << reg.response.body;

    // Everyone else's badge leaves at once, whatever the twelve greylisted addresses do.
    ASSERT_EQ(sink.wait_for(1, 15s), 1u) << sink.log();
    auto waited = std::chrono::duration_cast<std::chrono::milliseconds>(clock_type::now() - started);
    ::testing::Test::RecordProperty("badge_delay_ms", static_cast<int>(waited.count()));
    EXPECT_LT(waited, 4s * sanitized_slowdown) << "the badge waited behind the greylisted recipients";
    auto messages = sink.messages();
    ASSERT_EQ(messages.size(), 1u);
    EXPECT_EQ(messages[0].rcpt_to, other);
    EXPECT_EQ(messages[0].attachment("badge.pdf").content_type, "application/pdf");

    // Each greylisted e-mail was tried and waits on its own, its error kept.
    server_database db(server);
    ASSERT_TRUE(eventually([&] { return sink.replies("RCPT", "", 450) >= 12; }, 10s)) << sink.log();
    for (const auto& email : greylisted) EXPECT_GE(sink.replies("RCPT", email, 450), 1) << email;
    EXPECT_EQ(db.integer("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL"), 12);
    EXPECT_EQ(db.integer("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL AND attempts >= 1 "
                         "AND last_error LIKE '%450%' AND manage_token IS NOT NULL"),
              12);

    // Its own backoff grows: in 7 s a greylisted address is tried a few times, not every second.
    std::this_thread::sleep_for(7s);
    std::vector<double> times;
    for (const auto& e : sink.events())
        if (e.command == "RCPT" && e.address == greylisted[0]) times.push_back(e.at);
    ASSERT_GE(times.size(), 3u) << sink.log();
    EXPECT_LE(times.size(), 5u) << "retried too eagerly:\n" << sink.log();
    for (std::size_t i = 2; i < times.size(); ++i)
        EXPECT_GT(times[i] - times[i - 1], (times[i - 1] - times[i - 2]) * 1.2) << "the wait did not grow";

    // Once the server accepts them, every greylisted e-mail arrives, once.
    sink.greylist({});
    EXPECT_EQ(sink.wait_for(13, 45s), 13u) << sink.log();
    std::this_thread::sleep_for(1s);
    EXPECT_EQ(sink.count(), 13u);
    for (const auto& email : greylisted) EXPECT_TRUE(delivered_to(sink, email)) << email;
    EXPECT_TRUE(eventually([&] { return db.integer("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL") == 0; }, 5s));
    EXPECT_EQ(db.integer("SELECT COUNT(*) FROM outbox WHERE manage_token IS NOT NULL"), 0);
}

TEST(mail_refusals, a_server_answering_421_pauses_the_worker_and_it_resumes) {
    smtp_sink sink;
    sink.unavailable(true);
    server_process server(config_with_smtp({}, sink.url(), 1));
    http_client client(server.base_url());
    std::vector<std::string> emails;
    for (int i = 0; i < 5; ++i) {
        emails.push_back(unique_email("indispo"));
        ASSERT_EQ(register_body(client, person(emails.back())).response.status, 201);
    }
    server_database db(server);
    ASSERT_TRUE(eventually([&] { return sink.replies("MAIL", "", 421) >= 1; }, 10s)) << sink.log();
    std::this_thread::sleep_for(3s);
    // Paused as a whole: no e-mail is charged with the outage, none is given up.
    EXPECT_EQ(db.integer("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL"), 5);
    EXPECT_EQ(db.integer("SELECT COUNT(*) FROM outbox WHERE attempts > 0"), 0);
    EXPECT_EQ(db.integer("SELECT COUNT(*) FROM outbox WHERE next_attempt_at > created_at"), 0);
    EXPECT_EQ(db.integer("SELECT COUNT(*) FROM outbox WHERE manage_token IS NULL"), 0);
    EXPECT_TRUE(contains(server.log(), "sending paused")) << server.log();

    sink.unavailable(false);
    EXPECT_EQ(sink.wait_for(5, 10s), 5u) << sink.log();
    for (const auto& email : emails) EXPECT_TRUE(delivered_to(sink, email)) << email;
}

TEST(mail_refusals, a_recipient_refused_for_good_is_not_retried_and_its_row_forgets_the_link) {
    smtp_sink sink;
    std::string refused = unique_email("inconnu");
    sink.refuse({refused});
    server_process server(config_with_smtp({}, sink.url(), 1));
    http_client client(server.base_url());
    auto reg = register_body(client, person(refused));
    ASSERT_EQ(reg.response.status, 201) << reg.response.body;
    std::string other = unique_email("suivant");
    ASSERT_EQ(register_body(client, person(other)).response.status, 201);

    ASSERT_EQ(sink.wait_for(1, 15s), 1u) << sink.log();
    EXPECT_TRUE(delivered_to(sink, other));
    server_database db(server);
    std::string id = outbox_id_of(db, reg.id);
    ASSERT_FALSE(id.empty());
    ASSERT_TRUE(eventually([&] { return db.text("SELECT last_error FROM outbox WHERE id = ?", {id}) != ""; }, 10s));
    std::this_thread::sleep_for(3s);
    auto row = db.rows("SELECT kind, manage_token, last_error, sent_at, next_attempt_at, registration_id "
                       "FROM outbox WHERE id = ?", {id});
    ASSERT_EQ(row.size(), 1u);
    EXPECT_EQ(row[0][0].value_or(""), "confirmed");
    EXPECT_FALSE(row[0][1].has_value()) << "the private link stays in clear: " << row[0][1].value_or("");
    EXPECT_TRUE(contains(row[0][2].value_or(""), "550")) << row[0][2].value_or("");
    EXPECT_FALSE(row[0][3].has_value());
    EXPECT_EQ(row[0][4].value_or(""), "9999-12-31T00:00:00.000Z");
    EXPECT_EQ(row[0][5].value_or(""), reg.id);
    EXPECT_EQ(sink.replies("RCPT", refused, 550), 1) << "retried:\n" << sink.log();
    // The registration and its link themselves are untouched.
    EXPECT_EQ(manage_status(client, reg.token), "confirmed");
}

TEST(mail_refusals, a_recipient_refused_for_five_days_is_given_up_and_forgets_the_link) {
    smtp_sink sink;
    std::string grey = unique_email("toujours");
    sink.greylist({grey});
    server_process server(config_with_smtp({}, sink.url(), 1));
    http_client client(server.base_url());
    auto reg = register_body(client, person(grey));
    ASSERT_EQ(reg.response.status, 201) << reg.response.body;
    server_database db(server);
    std::string id = outbox_id_of(db, reg.id);
    ASSERT_TRUE(eventually([&] { return db.integer("SELECT attempts FROM outbox WHERE id = ?", {id}) >= 1; }, 10s));
    EXPECT_FALSE(db.text("SELECT manage_token FROM outbox WHERE id = ?", {id}).empty()) << "kept while it waits";

    // Queued six days ago (behind the server's back): the next 450 is the last.
    db.exec("UPDATE outbox SET created_at = '2000-01-01T00:00:00.000Z' WHERE id = ?", {id});
    ASSERT_TRUE(eventually([&] {
        return db.text("SELECT next_attempt_at FROM outbox WHERE id = ?", {id}) == "9999-12-31T00:00:00.000Z";
    }, 15s)) << sink.log();
    auto row = db.rows("SELECT manage_token, last_error, sent_at FROM outbox WHERE id = ?", {id});
    ASSERT_EQ(row.size(), 1u);
    EXPECT_FALSE(row[0][0].has_value());
    EXPECT_TRUE(contains(row[0][1].value_or(""), "450")) << row[0][1].value_or("");
    EXPECT_TRUE(contains(row[0][1].value_or(""), "given up")) << row[0][1].value_or("");
    EXPECT_FALSE(row[0][2].has_value());
    int tries = sink.replies("RCPT", grey, 450);
    std::this_thread::sleep_for(3s);
    EXPECT_EQ(sink.replies("RCPT", grey, 450), tries) << "tried again after giving up";
}

// A user and password in smtp_url, a server that offers AUTH in clear but no STARTTLS:
// nothing is sent, the sink never sees AUTH nor the password, and the e-mail stays queued.
TEST(mail_refusals, credentials_are_never_sent_without_tls) {
    smtp_sink sink;
    std::string url = "smtp://colloq:s3cret-pass@127.0.0.1:" + std::to_string(sink.port());
    server_process server(config_with_smtp({}, url, 1));
    http_client client(server.base_url());
    auto reg = register_body(client, person(unique_email("tls")));
    ASSERT_EQ(reg.response.status, 201) << reg.response.body;
    server_database db(server);
    std::string id = outbox_id_of(db, reg.id);
    ASSERT_TRUE(eventually([&] { return db.text("SELECT last_error FROM outbox WHERE id = ?", {id}) != ""; }, 10s))
        << server.log();
    std::this_thread::sleep_for(2s);
    EXPECT_EQ(sink.count(), 0u);
    std::string log = sink.log();
    EXPECT_FALSE(contains(log, "AUTH")) << log;
    EXPECT_FALSE(contains(log, "s3cret")) << log;
    EXPECT_FALSE(contains(log, "MAIL ")) << log;
    EXPECT_TRUE(contains(db.text("SELECT last_error FROM outbox WHERE id = ?", {id}), "STARTTLS"));
    EXPECT_TRUE(db.text("SELECT sent_at FROM outbox WHERE id = ?", {id}).empty());
    EXPECT_FALSE(db.text("SELECT manage_token FROM outbox WHERE id = ?", {id}).empty()) << "kept for a retry";
    EXPECT_EQ(db.integer("SELECT attempts FROM outbox WHERE id = ?", {id}), 0);
    EXPECT_TRUE(contains(server.log(), "STARTTLS")) << server.log();
    EXPECT_FALSE(contains(server.log(), "s3cret")) << server.log();

    // The same sink takes the e-mail from a server without credentials: it was the password
    // that stopped it.
    server_process plain(config_with_smtp({}, sink.url(), 1));
    http_client plain_client(plain.base_url());
    ASSERT_EQ(register_body(plain_client, person(unique_email("sansmdp"))).response.status, 201);
    EXPECT_EQ(sink.wait_for(1, 15s), 1u) << sink.log();
}

}  // namespace
}  // namespace colloq_it
