#pragma once
// The attendee's calendar entry (RFC 5545 iCalendar, times in UTC).
#include <string>

#include "colloq/domain/time.hpp"

namespace colloq::tickets {

struct calendar_info {
    std::string uid;  // stable for one registration, so a second download updates the same entry
    std::string title, description, location;
    std::string url;  // the manage page
    std::string organiser_name, organiser_email;
    domain::instant starts_at, ends_at;
    domain::clock_time stamp;  // when this version of the entry was made
};

// A VCALENDAR with one VEVENT and a reminder the day before: CRLF line ends,
// lines folded at 75 octets between UTF-8 characters, text values escaped.
std::string event_ics(const calendar_info& info);

}  // namespace colloq::tickets
