#include "colloq/http/tls_context.hpp"

#include <boost/asio/ssl/context.hpp>

namespace colloq::http {

namespace ssl = boost::asio::ssl;

std::unique_ptr<ssl::context> make_tls_context(const config::server_settings& settings) {
    auto tls = std::make_unique<ssl::context>(ssl::context::tls_server);
    tls->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                     ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 | ssl::context::single_dh_use);
    SSL_CTX* native = tls->native_handle();
    if (SSL_CTX_set_cipher_list(native, tls12_ciphers) != 1)
        throw std::runtime_error("TLS: none of the TLS 1.2 cipher suites is available");
    // The DHE suites with parameters OpenSSL picks to match the key's strength.
    SSL_CTX_set_dh_auto(native, 1);
    // Clients offer their own order; every suite here is sound, and the client knows its hardware.
    SSL_CTX_clear_options(native, SSL_OP_CIPHER_SERVER_PREFERENCE);
    tls->use_certificate_chain_file(settings.tls_cert);
    tls->use_private_key_file(settings.tls_key, ssl::context::pem);
    return tls;
}

}  // namespace colloq::http
