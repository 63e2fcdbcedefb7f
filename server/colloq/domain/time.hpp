#pragma once
// Instants as RFC 3339 text, and dates as French readers write them.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace colloq::domain {

using clock_time = std::chrono::sys_time<std::chrono::milliseconds>;

// A point in time with the UTC offset it was written with (the event's local time).
struct instant {
    clock_time utc;
    int offset_minutes = 0;
    friend bool operator==(const instant&, const instant&) = default;
};

clock_time now();

// "2024-10-10T09:00:00+02:00", "2024-10-10T07:00:00.250Z"; nullopt when malformed.
std::optional<instant> parse_rfc3339(std::string_view text);

// UTC with milliseconds: "2024-10-10T07:00:00.000Z". Sorts as text in time order.
std::string format_utc(clock_time t);

// In the instant's own offset: "2024-10-10T09:00:00+02:00".
std::string format_local(const instant& t);

// The instant as read in the offset `reference` was written with. Every time people read is
// shown in the event's own offset (that of its configured start), so that an arrival, a list's
// date and the event's hours never mix two time zones.
instant in_offset_of(const instant& reference, clock_time t);

// "jeudi 10 octobre 2024, 9 h 00 – 13 h 00" (a second date is written when the end is another day).
std::string french_date_range(const instant& start, const instant& end);

// "jeudi 10 octobre 2024", in the instant's own offset.
std::string french_date(const instant& t);
// "jeudi 10 octobre 2024 à 9 h 00", in the instant's own offset.
std::string french_date_time(const instant& t);
// The same for a stored RFC 3339 time, read in reference's offset; the text as it is when it is not one.
std::string french_date_time_in_offset_of(const instant& reference, std::string_view rfc3339);

}  // namespace colloq::domain
