#include "colloq/tickets/calendar.hpp"

#include <cstdio>
#include <string>

namespace colloq::tickets {

namespace {

using namespace std::chrono;

constexpr std::size_t max_line_octets = 75;

// 20241010T070000Z
std::string utc_stamp(domain::clock_time t) {
    auto day = floor<days>(t);
    year_month_day date(day);
    hh_mm_ss<seconds> time(floor<seconds>(t - day));
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d%02u%02uT%02d%02d%02dZ", static_cast<int>(date.year()),
                  static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                  static_cast<int>(time.hours().count()), static_cast<int>(time.minutes().count()),
                  static_cast<int>(time.seconds().count()));
    return buf;
}

bool is_control(unsigned char c) { return c < 0x20 || c == 0x7f; }

// TEXT value: backslash, comma and semicolon escaped, each line break (CRLF,
// LF or CR) written \n, other control characters but tab dropped.
std::string text_value(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        char c = s[i];
        switch (c) {
            case '\\': out += "\\\\"; break;
            case ',': out += "\\,"; break;
            case ';': out += "\\;"; break;
            case '\r':
                if (i + 1 < s.size() && s[i + 1] == '\n') ++i;
                out += "\\n";
                break;
            case '\n': out += "\\n"; break;
            default:
                if (c == '\t' || !is_control(static_cast<unsigned char>(c))) out += c;
        }
    }
    return out;
}

// URI and parameter values have no escape: control characters are dropped,
// and so are quotes where the value sits between quotes.
std::string plain_value(std::string_view s, bool drop_quotes) {
    std::string out;
    for (char c : s)
        if (!is_control(static_cast<unsigned char>(c)) && !(drop_quotes && c == '"')) out += c;
    return out;
}

// Appends one content line, folded: each physical line holds at most 75
// octets, continuation lines start with a space, and a cut never falls inside
// a UTF-8 sequence.
void add_line(std::string& out, std::string_view line) {
    std::size_t limit = max_line_octets;
    while (line.size() > limit) {
        std::size_t cut = limit;
        while (cut > 1 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;
        out.append(line.substr(0, cut));
        out += "\r\n ";
        line.remove_prefix(cut);
        limit = max_line_octets - 1;
    }
    out.append(line);
    out += "\r\n";
}

}  // namespace

std::string event_ics(const calendar_info& info) {
    std::string out;
    add_line(out, "BEGIN:VCALENDAR");
    add_line(out, "VERSION:2.0");
    add_line(out, "PRODID:-//colloq//inscriptions//FR");
    add_line(out, "CALSCALE:GREGORIAN");
    add_line(out, info.cancelled ? "METHOD:CANCEL" : "METHOD:PUBLISH");
    add_line(out, "BEGIN:VEVENT");
    add_line(out, "UID:" + text_value(info.uid));
    add_line(out, "SEQUENCE:" + std::to_string(info.sequence));
    add_line(out, "DTSTAMP:" + utc_stamp(info.stamp));
    add_line(out, "DTSTART:" + utc_stamp(info.starts_at.utc));
    add_line(out, "DTEND:" + utc_stamp(info.ends_at.utc));
    add_line(out, "SUMMARY:" + text_value(info.title));
    if (!info.location.empty()) add_line(out, "LOCATION:" + text_value(info.location));
    if (!info.description.empty()) add_line(out, "DESCRIPTION:" + text_value(info.description));
    if (!info.url.empty()) add_line(out, "URL:" + plain_value(info.url, false));
    if (!info.organiser_email.empty()) {
        std::string organizer = "ORGANIZER";
        if (!info.organiser_name.empty()) organizer += ";CN=\"" + plain_value(info.organiser_name, true) + '"';
        add_line(out, organizer + ":mailto:" + plain_value(info.organiser_email, true));
    }
    if (info.cancelled) {
        add_line(out, "STATUS:CANCELLED");
        add_line(out, "TRANSP:TRANSPARENT");
    } else {
        add_line(out, "STATUS:CONFIRMED");
        add_line(out, "TRANSP:OPAQUE");
        add_line(out, "BEGIN:VALARM");
        add_line(out, "ACTION:DISPLAY");
        add_line(out, "DESCRIPTION:" + text_value("Demain\u00a0: " + info.title));
        add_line(out, "TRIGGER:-P1D");
        add_line(out, "END:VALARM");
    }
    add_line(out, "END:VEVENT");
    add_line(out, "END:VCALENDAR");
    return out;
}

}  // namespace colloq::tickets
