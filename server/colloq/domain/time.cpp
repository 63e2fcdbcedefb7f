#include "colloq/domain/time.hpp"

#include <array>
#include <cstdio>

namespace colloq::domain {

using namespace std::chrono;

clock_time now() { return time_point_cast<milliseconds>(system_clock::now()); }

namespace {

bool read_digits(std::string_view text, std::size_t pos, std::size_t count, int& out) {
    if (pos + count > text.size()) return false;
    out = 0;
    for (std::size_t i = pos; i < pos + count; ++i) {
        if (text[i] < '0' || text[i] > '9') return false;
        out = out * 10 + (text[i] - '0');
    }
    return true;
}

struct civil {
    year_month_day date;
    hh_mm_ss<milliseconds> time;
};

civil civil_of(clock_time utc, int offset_minutes) {
    auto local = utc + minutes(offset_minutes);
    auto day = floor<days>(local);
    return {year_month_day(day), hh_mm_ss<milliseconds>(local - day)};
}

// Writes `value` as exactly `width` decimal digits (zero-padded) at `out`.
char* put_digits(char* out, unsigned value, int width) {
    for (int i = width - 1; i >= 0; --i, value /= 10) out[i] = static_cast<char>('0' + value % 10);
    return out + width;
}

constexpr std::size_t date_time_size = 19;  // "2024-10-10T09:00:00"

// Writes the civil date and time to the second at `out`; both formats below start with it.
char* put_date_time(char* out, const civil& c) {
    out = put_digits(out, static_cast<unsigned>(int(c.date.year())), 4);
    *out++ = '-';
    out = put_digits(out, unsigned(c.date.month()), 2);
    *out++ = '-';
    out = put_digits(out, unsigned(c.date.day()), 2);
    *out++ = 'T';
    out = put_digits(out, static_cast<unsigned>(c.time.hours().count()), 2);
    *out++ = ':';
    out = put_digits(out, static_cast<unsigned>(c.time.minutes().count()), 2);
    *out++ = ':';
    return put_digits(out, static_cast<unsigned>(c.time.seconds().count()), 2);
}

}  // namespace

std::optional<instant> parse_rfc3339(std::string_view s) {
    int y, mo, d, h, mi, se;
    if (s.size() < 20) return std::nullopt;
    if (!read_digits(s, 0, 4, y) || s[4] != '-' || !read_digits(s, 5, 2, mo) || s[7] != '-' ||
        !read_digits(s, 8, 2, d) || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') ||
        !read_digits(s, 11, 2, h) || s[13] != ':' || !read_digits(s, 14, 2, mi) || s[16] != ':' ||
        !read_digits(s, 17, 2, se))
        return std::nullopt;
    std::size_t pos = 19;
    int millis = 0;
    if (pos < s.size() && s[pos] == '.') {
        ++pos;
        int digits = 0;
        while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
            if (digits < 3) millis = millis * 10 + (s[pos] - '0');
            ++digits;
            ++pos;
        }
        if (digits == 0) return std::nullopt;
        for (; digits < 3; ++digits) millis *= 10;
    }
    int offset = 0;
    if (pos < s.size() && (s[pos] == 'Z' || s[pos] == 'z')) {
        ++pos;
    } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
        int oh, om;
        if (!read_digits(s, pos + 1, 2, oh) || pos + 3 >= s.size() || s[pos + 3] != ':' ||
            !read_digits(s, pos + 4, 2, om) || oh > 23 || om > 59)
            return std::nullopt;
        offset = (oh * 60 + om) * (s[pos] == '-' ? -1 : 1);
        pos += 6;
    } else {
        return std::nullopt;
    }
    if (pos != s.size()) return std::nullopt;
    year_month_day date{year(y), month(static_cast<unsigned>(mo)), day(static_cast<unsigned>(d))};
    if (!date.ok() || h > 23 || mi > 59 || se > 60) return std::nullopt;
    auto local = sys_days(date) + hours(h) + minutes(mi) + seconds(se) + milliseconds(millis);
    return instant{local - minutes(offset), offset};
}

// Called for every request and every write: formatted by hand rather than through printf.
std::string format_utc(clock_time t) {
    auto c = civil_of(t, 0);
    std::string out(date_time_size + 5, '\0');  // ".mmmZ"
    char* p = put_date_time(out.data(), c);
    *p++ = '.';
    p = put_digits(p, static_cast<unsigned>(c.time.subseconds().count()), 3);
    *p = 'Z';
    return out;
}

std::string format_local(const instant& t) {
    auto c = civil_of(t.utc, t.offset_minutes);
    unsigned off = static_cast<unsigned>(t.offset_minutes < 0 ? -t.offset_minutes : t.offset_minutes);
    std::string out(date_time_size + 6, '\0');  // "+hh:mm"
    char* p = put_date_time(out.data(), c);
    *p++ = t.offset_minutes < 0 ? '-' : '+';
    p = put_digits(p, off / 60, 2);
    *p++ = ':';
    put_digits(p, off % 60, 2);
    return out;
}

instant in_offset_of(const instant& reference, clock_time t) { return instant{t, reference.offset_minutes}; }

namespace {

constexpr std::array<const char*, 7> weekdays_fr{"dimanche", "lundi", "mardi", "mercredi",
                                                 "jeudi", "vendredi", "samedi"};
constexpr std::array<const char*, 12> months_fr{"janvier", "février", "mars", "avril",
                                                "mai", "juin", "juillet", "août",
                                                "septembre", "octobre", "novembre", "décembre"};

std::string french_day(const civil& c) {
    unsigned d = unsigned(c.date.day());
    std::string out = weekdays_fr[weekday(sys_days(c.date)).c_encoding()];
    out += ' ';
    out += d == 1 ? "1er" : std::to_string(d);
    out += ' ';
    out += months_fr[unsigned(c.date.month()) - 1];
    out += ' ';
    out += std::to_string(int(c.date.year()));
    return out;
}

std::string french_time(const civil& c) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%d\u00A0h\u00A0%02d", int(c.time.hours().count()),
                  int(c.time.minutes().count()));
    return buf;
}

}  // namespace

std::string french_date(const instant& t) { return french_day(civil_of(t.utc, t.offset_minutes)); }

std::string french_date_time(const instant& t) {
    auto c = civil_of(t.utc, t.offset_minutes);
    return french_day(c) + " à\u00A0" + french_time(c);
}

std::string french_date_time_in_offset_of(const instant& reference, std::string_view rfc3339) {
    auto at = parse_rfc3339(rfc3339);
    return at ? french_date_time(in_offset_of(reference, at->utc)) : std::string(rfc3339);
}

std::string french_date_range(const instant& start, const instant& end) {
    auto a = civil_of(start.utc, start.offset_minutes);
    auto b = civil_of(end.utc, start.offset_minutes);
    if (a.date == b.date)
        return french_day(a) + ", " + french_time(a) + "\u00A0– " + french_time(b);
    return french_day(a) + ", " + french_time(a) + "\u00A0– " + french_day(b) + ", " + french_time(b);
}

}  // namespace colloq::domain
