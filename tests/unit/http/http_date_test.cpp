#include <gtest/gtest.h>

#include "colloq/http/http_date.hpp"

namespace colloq::http {
namespace {

TEST(http_date, is_the_imf_fixdate_of_rfc_9110) {
    EXPECT_EQ(format_http_date(784111777), "Sun, 06 Nov 1994 08:49:37 GMT");  // RFC 9110's own example
    EXPECT_EQ(format_http_date(0), "Thu, 01 Jan 1970 00:00:00 GMT");
    EXPECT_EQ(format_http_date(1709251199), "Thu, 29 Feb 2024 23:59:59 GMT");
}

TEST(http_date, now_is_the_current_second) {
    std::time_t before = std::time(nullptr);
    std::string now(http_date_now());
    std::time_t after = std::time(nullptr);
    EXPECT_TRUE(now == format_http_date(before) || now == format_http_date(after)) << now;
}

}  // namespace
}  // namespace colloq::http
