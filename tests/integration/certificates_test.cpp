// After the event: attendance certificates for checked-in attendees only, once the event has
// ended; their QR code and code checked on the public page, a forged code refused; the
// thank-you e-mail with the certificate, through a real SMTP server; the attendance counts.
#include <fstream>
#include <regex>
#include <thread>

#include <gtest/gtest.h>

#include "badge_support.hpp"
#include "smtp_sink.hpp"
#include "staff_support.hpp"
#include "test_support.hpp"

namespace colloq_it {
namespace {

namespace json = boost::json;
namespace fs = std::filesystem;
using namespace std::chrono_literals;
using badge_kit::shell_output;
using badge_kit::shell_quote;

// The QR code of the PDF's page, read by zbarimg on pdftoppm's image.
std::string qr_of_pdf(const std::string& pdf, const fs::path& dir) {
    auto file = dir / "attestation.pdf";
    std::ofstream(file, std::ios::binary) << pdf;
    shell_output("pdftoppm -r 150 -png " + shell_quote(file.string()) + " " + shell_quote((dir / "page").string()));
    std::string out = shell_output("zbarimg --quiet --raw " + shell_quote((dir / "page-1.png").string()) + " 2>/dev/null");
    while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
    return out;
}

TEST(certificates, for_checked_in_attendees_after_the_end_checked_on_the_public_page) {
    smtp_sink sink;
    server_options o;
    o.starts_at = utc_from_now(-2h);
    o.ends_at = utc_from_now(8s);
    o.sections_toml = "[after_event]\nthank_you = true\n";
    server_process server(config_with_smtp(o, sink.url(), 1));
    http_client client(server.base_url());
    auto door = bearer(staff_token(server, "accueil@example.org", "door"));
    auto admin = bearer(create_token(server, first_admin(server).email));

    auto body = person(unique_email("venue"));
    body["first_name"] = "Élodie";
    body["last_name"] = "Marchand-Roux";
    body["organisation"] = "Conseil départemental du Gers";
    auto came = register_body(client, body);
    auto absent = register_new(client, std::nullopt, "absent");
    ASSERT_EQ(came.status, "confirmed");
    ASSERT_EQ(absent.status, "confirmed");
    ASSERT_EQ(sink.wait_for(2, 20s), 2u);
    temp_dir scratch;
    std::string ticket = badge_kit::ticket_of(client, came.token, scratch.path());
    ASSERT_EQ(client.post_json("/api/checkin", json::object{{"ticket", ticket}}, door).status, 200);

    // Before the end: no certificate yet.
    expect_error(client.get("/m/" + came.token + "/certificate.pdf"), 404, "not_found");
    EXPECT_FALSE(text_has(client.get("/m/" + came.token).body, "certificate.pdf"));

    // After the end, the thank-you goes to the one who came, with the certificate.
    ASSERT_EQ(sink.wait_for(3, 30s), 3u) << "no thank-you after the end";
    std::this_thread::sleep_for(2s);
    auto messages = sink.messages(scratch.path());
    ASSERT_EQ(messages.size(), 3u) << "the thank-you goes only to those who came";
    const auto& thanks = messages.back();
    EXPECT_TRUE(text_has(thanks.subject, "Merci de votre participation")) << thanks.subject;
    EXPECT_EQ(thanks.rcpt_to, str(body, "email"));
    auto attached = thanks.attachment("attestation-de-presence.pdf");
    EXPECT_EQ(attached.content_type, "application/pdf");

    auto pdf = client.get("/m/" + came.token + "/certificate.pdf");
    ASSERT_EQ(pdf.status, 200) << pdf.body;
    EXPECT_EQ(pdf.header("content-type"), "application/pdf");
    auto pdf_file = scratch.path() / "downloaded.pdf";
    std::ofstream(pdf_file, std::ios::binary) << pdf.body;
    std::string text = badge_kit::pdf_text(pdf_file);  // white space folded: wrapped lines read as one
    for (const char* expected : {"Attestation de présence", "Élodie Marchand-Roux", "Conseil départemental du Gers",
                                 "a assisté au colloque", "Fait à Paris", event_venue})
        EXPECT_TRUE(text_has(text, expected)) << expected << "\n" << text;
    EXPECT_TRUE(text_has(text, event_title)) << text;
    EXPECT_TRUE(text_has(client.get("/m/" + came.token).body, "certificate.pdf")) << "the manage page offers it";
    expect_error(client.get("/m/" + absent.token + "/certificate.pdf"), 404, "not_found");

    // Its QR code leads to the public check page, which shows whom and what it attests only.
    std::string url = qr_of_pdf(pdf.body, scratch.path());
    std::smatch m;
    ASSERT_TRUE(std::regex_match(url, m, std::regex("http://colloq\\.test/attestation/([0-9]+-[A-Z2-7-]+)"))) << url;
    std::string code = m[1];
    EXPECT_TRUE(text_has(text, code)) << "the code is printed for those who type it";
    auto check = client.get("/attestation/" + code);
    ASSERT_EQ(check.status, 200);
    EXPECT_TRUE(text_has(check.body, "Élodie Marchand-Roux"));
    EXPECT_TRUE(text_has(check.body, "Attestation authentique"));
    EXPECT_FALSE(text_has(check.body, str(body, "email"))) << "the check page shows the name, event and date only";
    EXPECT_FALSE(text_has(check.body, "Conseil départemental")) << "the check page shows the name, event and date only";
    EXPECT_EQ(client.get("/attestation/" + code.substr(0, code.size() - 1) + (code.back() == 'A' ? "B" : "A")).status, 404)
        << "a forged code";
    std::string other_id = absent.id + code.substr(code.find('-'));
    EXPECT_EQ(client.get("/attestation/" + other_id).status, 404) << "another registration's number with this tag";
    EXPECT_EQ(client.get("/attestation/n'importe-quoi").status, 404);

    // The numbers: one came, one did not.
    auto stats = client.get("/api/stats", admin).json().as_object();
    auto attendance = stats.at("attendance").as_object();
    EXPECT_EQ(attendance.at("checked_in").as_int64(), 1);
    EXPECT_EQ(attendance.at("no_show").as_int64(), 1);
    auto timeline = stats.at("timeline").as_array();
    ASSERT_EQ(timeline.size(), 1u);
    EXPECT_EQ(timeline[0].at("registered").as_int64(), 2);
}

// « à 8 h 45 » for a stored UTC time read at +00:00, spaces as plain spaces.
std::string clock_at_utc(const std::string& utc) {
    int hour = std::stoi(utc.substr(11, 2));
    return "à " + std::to_string(hour) + " h " + utc.substr(14, 2);
}

std::string plain_spaces(std::string text) {
    for (std::size_t at; (at = text.find("\u00A0")) != std::string::npos;) text.replace(at, 2, " ");
    return text;
}

// An event configured at +00:00 shows every time at +00:00: the arrival on the certificate, the
// list's date in the e-mail, the times of the export; none in Paris time.
TEST(certificates, every_time_is_shown_in_the_events_own_offset) {
    server_options o;
    auto at_zero = [](std::string utc) { return utc.substr(0, utc.size() - 1) + "+00:00"; };
    o.starts_at = at_zero(utc_from_now(-2h));
    o.ends_at = at_zero(utc_from_now(6s));
    o.sections_toml = "[security_list]\nrecipient = \"Service de la sécurité\"\ndue_at = \"" +
                      at_zero(utc_from_now(-3h)) + "\"\nfields = [\"last_name\"]\nafter_due = \"accept\"\n";
    server_process server(o);  // the list is due: frozen at start-up
    http_client client(server.base_url());
    auto door = bearer(staff_token(server, "accueil@example.org", "door"));
    auto admin = bearer(create_token(server, first_admin(server).email));

    auto came = register_new(client, std::nullopt, "fuseau");
    ASSERT_EQ(came.status, "confirmed");
    temp_dir scratch;
    std::string ticket = badge_kit::ticket_of(client, came.token, scratch.path());
    auto scan = client.post_json("/api/checkin", json::object{{"ticket", ticket}}, door);
    ASSERT_EQ(scan.status, 200) << scan.body;
    std::string arrived = str(scan.json(), "checked_in_at");

    // The e-mail: the list was sent « le … à H h MM » at +00:00.
    std::string frozen_at = str(client.get("/api/security-list", admin).json(), "frozen_at");
    ASSERT_FALSE(frozen_at.empty());
    auto files = wait_for_mail(server, came.id, "confirmed");
    ASSERT_EQ(files.size(), 1u);
    std::string mail_text;
    for (auto& m : read_messages(server.data_dir() / "mail"))
        if (m.file.filename().string() == files[0]) mail_text = plain_spaces(m.text);
    EXPECT_TRUE(text_has(mail_text, "transmise au contrôle d'accès")) << mail_text;
    EXPECT_TRUE(text_has(mail_text, clock_at_utc(frozen_at))) << frozen_at << "\n" << mail_text;

    // The export: times at +00:00.
    auto csv = client.get("/api/exports/registrations.csv", admin);
    ASSERT_EQ(csv.status, 200);
    EXPECT_TRUE(text_has(csv.body, arrived.substr(0, 19) + "+00:00")) << arrived << "\n" << csv.body;
    EXPECT_FALSE(text_has(csv.body, "+01:00") || text_has(csv.body, "+02:00")) << csv.body;

    // The certificate: the arrival at +00:00, like the event's hours.
    http_response pdf;
    for (int i = 0; i < 100; ++i) {
        pdf = client.get("/m/" + came.token + "/certificate.pdf");
        if (pdf.status == 200) break;
        std::this_thread::sleep_for(200ms);
    }
    ASSERT_EQ(pdf.status, 200) << pdf.body;
    auto pdf_file = scratch.path() / "attestation.pdf";
    std::ofstream(pdf_file, std::ios::binary) << pdf.body;
    std::string text = plain_spaces(badge_kit::pdf_text(pdf_file));
    EXPECT_TRUE(text_has(text, "Arrivée enregistrée à l'entrée le")) << text;
    EXPECT_TRUE(text_has(text, clock_at_utc(arrived))) << arrived << "\n" << text;
}

}  // namespace
}  // namespace colloq_it
