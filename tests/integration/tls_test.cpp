// colloq serving HTTPS itself ([server] tls_cert, tls_key), checked with the programs a client
// machine runs (curl, openssl s_client): browsers are told to keep to HTTPS, and TLS 1.2 offers
// only the suites with forward secrecy.
#include <string>

#include <gtest/gtest.h>

#include "badge_support.hpp"
#include "server_process.hpp"
#include "test_support.hpp"

namespace colloq_it {
namespace {

using badge_kit::shell_output;
using badge_kit::shell_quote;

class tls : public ::testing::Test {
protected:
    static server_options with_certificate(const temp_dir& dir) {
        int status = -1;
        shell_output("openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 -keyout " +
                         shell_quote((dir.path() / "key.pem").string()) + " -out " +
                         shell_quote((dir.path() / "cert.pem").string()),
                     &status);
        EXPECT_EQ(status, 0) << "openssl req could not make a certificate";
        server_options o;
        o.server_lines = {"tls_cert = \"" + (dir.path() / "cert.pem").string() + "\"",
                          "tls_key = \"" + (dir.path() / "key.pem").string() + "\""};
        return o;
    }

    // Whether a TLS 1.2 handshake offering only `suites` succeeds.
    bool tls12_handshake(const std::string& suites) {
        int status = -1;
        std::string out = shell_output("openssl s_client -connect 127.0.0.1:" + std::to_string(server.port()) +
                                           " -tls1_2 -cipher " + shell_quote(suites) + " </dev/null",
                                       &status);
        return status == 0 && out.find("Cipher is " + suites) != std::string::npos;
    }

    temp_dir files;
    server_process server{with_certificate(files)};
};

TEST_F(tls, every_answer_over_https_tells_the_browser_to_keep_to_https) {
    ASSERT_EQ(server.base_url().rfind("https://", 0), 0u) << server.base_url();
    for (const char* path : {"/healthz", "/", "/api/event", "/nulle-part"}) {
        int status = -1;
        std::string head = shell_output("curl -sk -D - -o /dev/null " + shell_quote(server.base_url() + path), &status);
        ASSERT_EQ(status, 0) << path;
        EXPECT_NE(head.find("\r\nStrict-Transport-Security: max-age=63072000\r\n"), std::string::npos)
            << path << ":\n" << head;
    }
}

TEST_F(tls, tls12_offers_only_suites_with_forward_secrecy) {
    // Mozilla's "intermediate" suites are taken…
    EXPECT_TRUE(tls12_handshake("ECDHE-RSA-AES128-GCM-SHA256"));
    EXPECT_TRUE(tls12_handshake("ECDHE-RSA-CHACHA20-POLY1305"));
    EXPECT_TRUE(tls12_handshake("DHE-RSA-AES256-GCM-SHA384"));
    // …the RSA key exchange (a stolen key opens every recorded session) and CBC suites are not.
    EXPECT_FALSE(tls12_handshake("AES128-GCM-SHA256"));
    EXPECT_FALSE(tls12_handshake("AES256-SHA256"));
    EXPECT_FALSE(tls12_handshake("ECDHE-RSA-AES128-SHA256"));
}

TEST(tls_absent, plain_http_answers_carry_no_strict_transport_security) {
    server_process server;
    http_client client(server.base_url());
    EXPECT_EQ(client.get("/healthz").header("strict-transport-security"), "");
}

}  // namespace
}  // namespace colloq_it
