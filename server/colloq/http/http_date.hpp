#pragma once
// The Date header's value (RFC 9110, 5.6.7, IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT").
#include <ctime>
#include <string>
#include <string_view>

namespace colloq::http {

std::string format_http_date(std::time_t t);

// Now, formatted at most once a second on each thread: every response carries it.
std::string_view http_date_now();

}  // namespace colloq::http
