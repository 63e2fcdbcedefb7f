#include "colloq/http/http_date.hpp"

namespace colloq::http {

namespace {

constexpr const char* days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
constexpr const char* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

void two_digits(char* out, int v) {
    out[0] = static_cast<char>('0' + v / 10);
    out[1] = static_cast<char>('0' + v % 10);
}

// Writes the 29 characters of the date into `out`.
void write_date(char* out, std::time_t t) {
    std::tm tm{};
    gmtime_r(&t, &tm);
    const char* day = days[tm.tm_wday];
    const char* month = months[tm.tm_mon];
    int year = tm.tm_year + 1900;
    out[0] = day[0], out[1] = day[1], out[2] = day[2], out[3] = ',', out[4] = ' ';
    two_digits(out + 5, tm.tm_mday);
    out[7] = ' ', out[8] = month[0], out[9] = month[1], out[10] = month[2], out[11] = ' ';
    two_digits(out + 12, year / 100 % 100);
    two_digits(out + 14, year % 100);
    out[16] = ' ';
    two_digits(out + 17, tm.tm_hour);
    out[19] = ':';
    two_digits(out + 20, tm.tm_min);
    out[22] = ':';
    two_digits(out + 23, tm.tm_sec);
    out[25] = ' ', out[26] = 'G', out[27] = 'M', out[28] = 'T';
}

constexpr std::size_t date_size = 29;

}  // namespace

std::string format_http_date(std::time_t t) {
    std::string out(date_size, ' ');
    write_date(out.data(), t);
    return out;
}

std::string_view http_date_now() {
    // time() reads the clock without a system call; the text changes once a second.
    thread_local std::time_t formatted_at = -1;
    thread_local char text[date_size];
    std::time_t now = std::time(nullptr);
    if (now != formatted_at) {
        write_date(text, now);
        formatted_at = now;
    }
    return {text, date_size};
}

}  // namespace colloq::http
