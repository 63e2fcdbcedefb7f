#include <gtest/gtest.h>

#include "colloq/http/response_writer.hpp"

namespace colloq::http {
namespace {

TEST(response_writer, writes_status_headers_length_and_body) {
    api::response r{201, "application/json", "{\"id\":1}", {{"Location", "/m/1"}}, nullptr};
    std::string out = serialize_response(std::move(r), 11, true);
    EXPECT_EQ(out.rfind("HTTP/1.1 201 Created\r\n", 0), 0u);
    EXPECT_NE(out.find("\r\nContent-Type: application/json\r\n"), std::string::npos);
    EXPECT_NE(out.find("\r\nLocation: /m/1\r\n"), std::string::npos);
    EXPECT_NE(out.find("\r\nContent-Length: 8\r\n\r\n{\"id\":1}"), std::string::npos);
    EXPECT_NE(out.find("\r\nCache-Control: no-store\r\n"), std::string::npos);
    EXPECT_NE(out.find("X-Content-Type-Options: nosniff"), std::string::npos);
    EXPECT_EQ(out.find("Connection: close"), std::string::npos);
}

TEST(response_writer, pages_get_the_full_content_security_policy) {
    std::string page = serialize_response({200, "text/html; charset=utf-8", "<p>x</p>", {}, nullptr}, 11, true);
    EXPECT_NE(page.find("script-src 'self'"), std::string::npos);
    EXPECT_NE(page.find("frame-ancestors 'none'"), std::string::npos);
    std::string data = serialize_response({200, "application/json", "{}", {}, nullptr}, 11, true);
    EXPECT_NE(data.find("default-src 'none'"), std::string::npos);
}

TEST(response_writer, drops_header_values_that_would_inject_lines) {
    api::response r{200, "text/plain", "x", {{"X-Evil", "a\r\nSet-Cookie: stolen=1"}, {"Cache-Control", "private"}}, nullptr};
    std::string out = serialize_response(std::move(r), 11, false);
    EXPECT_EQ(out.find("stolen"), std::string::npos);
    EXPECT_NE(out.find("Cache-Control: private"), std::string::npos);
    EXPECT_EQ(out.find("no-store"), std::string::npos);
    EXPECT_NE(out.find("Connection: close"), std::string::npos);
}

TEST(response_writer, not_modified_has_no_body) {
    std::string out = serialize_response({304, "text/css", "body{}", {}, nullptr}, 11, true);
    EXPECT_EQ(out.find("Content-Length"), std::string::npos);
    EXPECT_EQ(out.substr(out.size() - 4), "\r\n\r\n");
}

TEST(response_writer, chunks_are_framed_in_hex) {
    EXPECT_EQ(chunk(std::string(26, 'a')), "1a\r\n" + std::string(26, 'a') + "\r\n");
    EXPECT_EQ(chunk({}), "0\r\n\r\n");
    std::string head = serialize_head({200, "text/csv", "", {}, nullptr}, 11, true);
    EXPECT_NE(head.find("Transfer-Encoding: chunked\r\n\r\n"), std::string::npos);
    EXPECT_EQ(head.find("Content-Length"), std::string::npos);
}

}  // namespace
}  // namespace colloq::http
