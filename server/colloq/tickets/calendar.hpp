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
    // Higher for each new version of one registration's entry: a calendar replaces its copy
    // only with a higher one (RFC 5546 §2.1.4).
    long long sequence = 0;
    bool cancelled = false;  // METHOD:CANCEL and STATUS:CANCELLED: the calendar removes the entry
};

// A VCALENDAR with one VEVENT and a reminder the day before (none once cancelled): CRLF line ends,
// lines folded at 75 octets between UTF-8 characters, text values escaped.
std::string event_ics(const calendar_info& info);

}  // namespace colloq::tickets
