#include <gtest/gtest.h>

#include "colloq/http/access_log.hpp"

using colloq::http::append_request_line;

namespace {

std::string line_for(std::string_view method, std::string_view path, int status, double ms) {
    std::string out;
    append_request_line(out, method, path, status, ms);
    return out;
}

}  // namespace

TEST(access_log, a_line_gives_method_path_status_and_time) {
    EXPECT_EQ(line_for("POST", "/api/registrations", 201, 9.64), "POST /api/registrations 201 9.6ms\n");
    EXPECT_EQ(line_for("GET", "/", 200, 0.04), "GET / 200 0.0ms\n");
    EXPECT_EQ(line_for("GET", "/healthz", 503, 12.96), "GET /healthz 503 13.0ms\n");
    EXPECT_EQ(line_for("GET", "/api/event", 200, 1234.5), "GET /api/event 200 1234.5ms\n");
}

TEST(access_log, private_links_never_reach_the_log) {
    std::string token = "17.MnOpQrStUvWxYzAbCdEfGhIjKlMnOpQrStUvWxYz0123";
    std::string logged = line_for("GET", "/m/" + token + "/badge.pdf", 200, 3);
    EXPECT_EQ(logged, "GET /m/…/badge.pdf 200 3.0ms\n");
    EXPECT_EQ(logged.find("MnOp"), std::string::npos);
    EXPECT_EQ(line_for("POST", "/api/manage/" + token + "/cancel", 200, 1), "POST /api/manage/…/cancel 200 1.0ms\n");
    // An attestation code is short, yet it opens a person's certificate check.
    std::string logged_code = line_for("GET", "/attestation/12-ABCD-EFGH-JKLM-NPQR", 200, 2);
    EXPECT_EQ(logged_code, "GET /attestation/… 200 2.0ms\n");
    EXPECT_EQ(line_for("GET", "/attestation", 404, 1), "GET /attestation 404 1.0ms\n");
    // Short segments (ids, page names) are kept.
    EXPECT_EQ(line_for("GET", "/api/registrations/42", 200, 1), "GET /api/registrations/42 200 1.0ms\n");
}
