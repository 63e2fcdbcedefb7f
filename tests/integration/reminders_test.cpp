// Reminders ([[reminders]]) sent by the server itself, through a real SMTP server: at their
// time, once each across a kill -9 and a restart, at start-up when the server was stopped at
// their time, and never once the event has begun.
#include <csignal>
#include <regex>
#include <thread>

#include <gtest/gtest.h>

#include "smtp_sink.hpp"
#include "server_database.hpp"
#include "staff_support.hpp"
#include "test_support.hpp"

namespace colloq_it {
namespace {

using namespace std::chrono_literals;

std::string reminder(const std::string& at, const std::string& to, bool badge) {
    return "[[reminders]]\nat = \"" + at + "\"\nto = \"" + to + "\"\n" + (badge ? "attach_badge = true\n" : "") + "\n";
}

std::vector<mail_message> reminders_in(const std::vector<mail_message>& all) {
    std::vector<mail_message> out;
    for (const auto& m : all)
        if (text_has(m.subject, "Rappel")) out.push_back(m);
    return out;
}

TEST(reminders, sent_at_their_time_once_each_even_across_kill9) {
    smtp_sink sink;
    server_options o;
    o.capacity = 1;
    o.sections_toml = reminder(utc_from_now(5s), "confirmed", true) + reminder(utc_from_now(5s), "waitlisted", false);
    server_process server(config_with_smtp(o, sink.url(), 1));
    http_client client(server.base_url());
    auto confirmed = register_new(client, std::nullopt, "venue");
    auto waitlisted = register_new(client, std::nullopt, "attente");
    ASSERT_EQ(confirmed.status, "confirmed");
    ASSERT_EQ(waitlisted.status, "waitlisted");
    ASSERT_EQ(sink.wait_for(2, 20s), 2u);
    EXPECT_EQ(reminders_in(sink.messages()).size(), 0u) << "a reminder left before its time";

    ASSERT_EQ(sink.wait_for(4, 30s), 4u) << "the reminders did not come at their time";
    temp_dir scratch;
    auto sent = reminders_in(sink.messages(scratch.path()));
    ASSERT_EQ(sent.size(), 2u);
    for (const auto& m : sent) {
        bool is_confirmed = text_has(m.rcpt_to, "venue");
        bool has_badge = false;
        for (const auto& part : m.attachments()) has_badge = has_badge || part.filename == "badge.pdf";
        EXPECT_EQ(has_badge, is_confirmed) << m.subject;
        if (is_confirmed) {
            EXPECT_TRUE(text_has(m.text, "pièce d'identité")) << m.text;
            EXPECT_TRUE(text_has(m.text, "Arrivez en avance")) << m.text;
            EXPECT_TRUE(text_has(m.text, event_venue)) << m.text;
            EXPECT_TRUE(text_has(m.text, "jeudi 10 octobre 2030")) << m.text;
        } else {
            EXPECT_TRUE(text_has(m.text, "liste d'attente")) << m.text;
        }
        // A fresh private link that works.
        std::smatch link;
        ASSERT_TRUE(std::regex_search(m.text, link, std::regex("http://colloq\\.test/m/(\\S+)"))) << m.text;
        EXPECT_EQ(client.get("/api/manage/" + link[1].str()).status, 200);
    }

    // Neither a crash nor a restart sends them again.
    server.kill9();
    server.restart();
    std::this_thread::sleep_for(4s);
    EXPECT_EQ(reminders_in(sink.messages()).size(), 2u) << "a reminder was sent twice";
    server_database db(server);
    EXPECT_EQ(db.integer("SELECT COUNT(*) FROM mailings WHERE kind = 'reminder'"), 2);
}

TEST(reminders, missed_while_the_server_was_down_goes_at_start_up) {
    smtp_sink sink;
    server_options o;
    o.sections_toml = reminder(utc_from_now(4s), "confirmed", false);
    server_process server(config_with_smtp(o, sink.url(), 1));
    http_client client(server.base_url());
    ASSERT_EQ(register_new(client, std::nullopt, "absente").status, "confirmed");
    ASSERT_EQ(sink.wait_for(1, 20s), 1u);
    server.stop(SIGTERM);
    std::this_thread::sleep_for(5s);  // its time passes while the server is down
    EXPECT_EQ(sink.count(), 1u);
    server.restart();
    ASSERT_EQ(sink.wait_for(2, 20s), 2u) << "the missed reminder was not sent at start-up";
    EXPECT_EQ(reminders_in(sink.messages()).size(), 1u);
}

TEST(reminders, not_sent_once_the_event_has_begun) {
    smtp_sink sink;
    server_options o;
    o.starts_at = utc_from_now(6s);
    o.ends_at = utc_from_now(3h);
    o.sections_toml = reminder(utc_from_now(4s), "confirmed", false);
    server_process server(config_with_smtp(o, sink.url(), 1));
    http_client client(server.base_url());
    ASSERT_EQ(register_new(client, std::nullopt, "tardive").status, "confirmed");
    ASSERT_EQ(sink.wait_for(1, 20s), 1u);
    server.stop(SIGTERM);
    std::this_thread::sleep_for(7s);  // the reminder's time, then the start, pass while it is down
    server.restart();
    std::this_thread::sleep_for(3s);
    EXPECT_EQ(sink.count(), 1u) << "a reminder was sent after the event had begun";
    server_database db(server);
    EXPECT_EQ(db.integer("SELECT COUNT(*) FROM mailings"), 0);
}

}  // namespace
}  // namespace colloq_it
