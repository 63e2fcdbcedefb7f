#pragma once
// How colloq speaks TLS when it serves HTTPS itself ([server] tls_cert and tls_key): TLS 1.2
// and 1.3 only, and on TLS 1.2 only the suites with forward secrecy (Mozilla's "intermediate"
// configuration), so that a stolen key does not open recorded sessions.
#include <memory>
#include <string_view>

#include "colloq/config/config.hpp"

namespace boost::asio::ssl { class context; }

namespace colloq::http {

// Mozilla's "intermediate" TLS 1.2 suites (ECDHE and DHE key exchange, AEAD ciphers).
inline constexpr const char* tls12_ciphers =
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:"
    "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:"
    "DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384:DHE-RSA-CHACHA20-POLY1305";

// Browsers that reached the server over HTTPS once keep to HTTPS for two years (RFC 6797).
inline constexpr std::string_view strict_transport_security = "max-age=63072000";

// The server's TLS context, with the certificate chain and key of `settings`; throws when they
// cannot be read.
std::unique_ptr<boost::asio::ssl::context> make_tls_context(const config::server_settings& settings);

}  // namespace colloq::http
