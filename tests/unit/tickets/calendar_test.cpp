#include <gtest/gtest.h>

#include <sstream>
#include <vector>

#include "colloq/domain/text.hpp"
#include "colloq/tickets/calendar.hpp"

namespace colloq::tickets {
namespace {

calendar_info sample() {
    calendar_info info;
    info.uid = "registration-42@colloq.example.org";
    info.title = "L'IA dans les collectivités territoriales : quels besoins, quels outils, quelle éthique ?";
    info.description =
        "Présentez votre badge (QR code) à l'entrée, avec une pièce d'identité ; arrivez en avance pour le "
        "contrôle de sécurité.\nGérer mon inscription : https://colloq.example.org/m/abcdef\\ghi";
    info.location = "Sénat, Palais du Luxembourg, 15 rue de Vaugirard, 75006 Paris";
    info.url = "https://colloq.example.org/m/abcdef";
    info.organiser_name = "L'Inspiration politique";
    info.organiser_email = "inscriptions@example.org";
    info.starts_at = *domain::parse_rfc3339("2024-10-10T09:00:00+02:00");
    info.ends_at = *domain::parse_rfc3339("2024-10-10T13:00:00+02:00");
    info.stamp = domain::parse_rfc3339("2024-09-01T08:30:15.250Z")->utc;
    return info;
}

std::vector<std::string> physical_lines(const std::string& ics) {
    std::vector<std::string> lines;
    std::size_t start = 0;
    for (std::size_t end; (end = ics.find("\r\n", start)) != std::string::npos; start = end + 2)
        lines.push_back(ics.substr(start, end - start));
    return lines;
}

// RFC 5545 section 3.1: a CRLF followed by one space or tab is removed.
std::vector<std::string> unfolded_lines(const std::string& ics) {
    std::vector<std::string> lines;
    for (const std::string& line : physical_lines(ics)) {
        if (!line.empty() && (line[0] == ' ' || line[0] == '\t') && !lines.empty())
            lines.back() += line.substr(1);
        else
            lines.push_back(line);
    }
    return lines;
}

std::string property(const std::string& ics, const std::string& name) {
    for (const std::string& line : unfolded_lines(ics))
        if (line.rfind(name, 0) == 0 && line.size() > name.size() &&
            (line[name.size()] == ':' || line[name.size()] == ';'))
            return line;
    return "";
}

TEST(tickets_calendar, every_line_ends_with_crlf) {
    std::string ics = event_ics(sample());
    ASSERT_GE(ics.size(), 2u);
    EXPECT_EQ(ics.substr(ics.size() - 2), "\r\n");
    for (std::size_t i = 0; i < ics.size(); ++i) {
        if (ics[i] == '\n') {
            EXPECT_TRUE(i > 0 && ics[i - 1] == '\r') << "bare LF at " << i;
        }
        if (ics[i] == '\r') {
            EXPECT_TRUE(i + 1 < ics.size() && ics[i + 1] == '\n') << "bare CR at " << i;
        }
    }
}

TEST(tickets_calendar, lines_are_folded_at_75_octets_between_characters) {
    calendar_info info = sample();
    info.description = "";
    for (int i = 0; i < 40; ++i) info.description += "Éléphant à l'entrée ";  // two-byte characters throughout
    std::string ics = event_ics(info);
    int continuation_lines = 0;
    for (const std::string& line : physical_lines(ics)) {
        EXPECT_LE(line.size(), 75u) << line;
        EXPECT_TRUE(domain::is_valid_utf8(line)) << line;
        if (!line.empty() && line[0] == ' ') ++continuation_lines;
    }
    EXPECT_GT(continuation_lines, 10);
    EXPECT_EQ(property(ics, "DESCRIPTION"), "DESCRIPTION:" + info.description);
}

TEST(tickets_calendar, folding_is_undone_to_the_full_escaped_description) {
    std::string ics = event_ics(sample());
    EXPECT_EQ(property(ics, "DESCRIPTION"),
              "DESCRIPTION:Présentez votre badge (QR code) à l'entrée\\, avec une pièce d'identité \\; arrivez "
              "en avance pour le contrôle de sécurité.\\nGérer mon inscription : "
              "https://colloq.example.org/m/abcdef\\\\ghi");
    EXPECT_EQ(property(ics, "LOCATION"), "LOCATION:Sénat\\, Palais du Luxembourg\\, 15 rue de Vaugirard\\, 75006 Paris");
    EXPECT_EQ(property(ics, "SUMMARY"),
              "SUMMARY:L'IA dans les collectivités territoriales : quels besoins\\, quels outils\\, quelle "
              "éthique ?");
}

TEST(tickets_calendar, times_are_utc) {
    std::string ics = event_ics(sample());
    EXPECT_EQ(property(ics, "DTSTART"), "DTSTART:20241010T070000Z");
    EXPECT_EQ(property(ics, "DTEND"), "DTEND:20241010T110000Z");
    EXPECT_EQ(property(ics, "DTSTAMP"), "DTSTAMP:20240901T083015Z");

    calendar_info winter = sample();
    winter.starts_at = *domain::parse_rfc3339("2025-01-01T00:30:00+01:00");
    EXPECT_EQ(property(event_ics(winter), "DTSTART"), "DTSTART:20241231T233000Z");
}

TEST(tickets_calendar, a_cancellation_keeps_the_uid_and_says_cancel) {
    calendar_info info = sample();
    info.sequence = 7;
    EXPECT_EQ(property(event_ics(info), "SEQUENCE"), "SEQUENCE:7");
    info.sequence = 8;
    info.cancelled = true;
    std::string ics = event_ics(info);
    EXPECT_EQ(property(ics, "METHOD"), "METHOD:CANCEL");
    EXPECT_EQ(property(ics, "STATUS"), "STATUS:CANCELLED");
    EXPECT_EQ(property(ics, "SEQUENCE"), "SEQUENCE:8");
    EXPECT_EQ(property(ics, "UID"), "UID:registration-42@colloq.example.org");
    EXPECT_EQ(ics.find("BEGIN:VALARM"), std::string::npos) << "no reminder for a cancelled event";
}

TEST(tickets_calendar, has_the_calendar_frame_and_event_properties) {
    std::string ics = event_ics(sample());
    std::vector<std::string> lines = unfolded_lines(ics);
    ASSERT_GE(lines.size(), 4u);
    EXPECT_EQ(lines.front(), "BEGIN:VCALENDAR");
    EXPECT_EQ(lines.back(), "END:VCALENDAR");
    EXPECT_EQ(property(ics, "VERSION"), "VERSION:2.0");
    EXPECT_EQ(property(ics, "PRODID"), "PRODID:-//colloq//inscriptions//FR");
    EXPECT_EQ(property(ics, "CALSCALE"), "CALSCALE:GREGORIAN");
    EXPECT_EQ(property(ics, "METHOD"), "METHOD:PUBLISH");
    EXPECT_EQ(property(ics, "URL"), "URL:https://colloq.example.org/m/abcdef");
    EXPECT_EQ(property(ics, "STATUS"), "STATUS:CONFIRMED");
    EXPECT_EQ(property(ics, "ORGANIZER"), "ORGANIZER;CN=\"L'Inspiration politique\":mailto:inscriptions@example.org");
    int events = 0, ends = 0;
    for (const std::string& line : lines) {
        events += line == "BEGIN:VEVENT";
        ends += line == "END:VEVENT";
    }
    EXPECT_EQ(events, 1);
    EXPECT_EQ(ends, 1);
}

TEST(tickets_calendar, uid_is_present_and_stable) {
    std::string ics = event_ics(sample());
    EXPECT_EQ(property(ics, "UID"), "UID:registration-42@colloq.example.org");
    EXPECT_EQ(event_ics(sample()), ics);
    calendar_info other = sample();
    other.uid = "registration-43@colloq.example.org";
    EXPECT_NE(property(event_ics(other), "UID"), property(ics, "UID"));
}

TEST(tickets_calendar, no_field_can_start_a_property_of_its_own) {
    calendar_info info = sample();
    info.title = "Colloque\r\nATTENDEE:mailto:evil@example.org";
    info.location = "Salle\rBEGIN:VALARM";
    info.url = "https://example.org/\r\nATTENDEE:x";
    info.organiser_name = "Org\"\r\nATTENDEE:y";
    info.organiser_email = "a@example.org\nATTENDEE:z";
    std::string ics = event_ics(info);
    for (const std::string& line : unfolded_lines(ics)) EXPECT_NE(line.rfind("ATTENDEE", 0), 0u) << line;
    int alarms = 0;
    for (const std::string& line : unfolded_lines(ics)) alarms += line == "BEGIN:VALARM";
    EXPECT_LE(alarms, 1);
    EXPECT_EQ(property(ics, "SUMMARY"), "SUMMARY:Colloque\\nATTENDEE:mailto:evil@example.org");
    EXPECT_EQ(property(ics, "ORGANIZER"), "ORGANIZER;CN=\"OrgATTENDEE:y\":mailto:a@example.orgATTENDEE:z");
}

}  // namespace
}  // namespace colloq::tickets
