#pragma once
// A small HTTP client over libcurl for the integration tests: one handle per
// client object (so one per thread), no redirect following, raw bytes allowed.
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <boost/json.hpp>

namespace colloq_it {

struct http_response {
    long status = 0;                             // 0 when no response came at all
    std::string body;
    std::map<std::string, std::string> headers;  // lowercase names; last value wins
    std::string transport_error;                 // libcurl's message when the exchange failed

    bool ok_transport() const { return transport_error.empty(); }
    std::string header(const std::string& lowercase_name) const;
    // Parses the body as JSON; a null value (and a test failure) when it is not JSON.
    boost::json::value json() const;
};

using header_list = std::vector<std::pair<std::string, std::string>>;

// "Authorization: Bearer <token>".
inline header_list bearer(const std::string& token) { return {{"Authorization", "Bearer " + token}}; }
using form_fields = std::vector<std::pair<std::string, std::string>>;

class http_client {
public:
    explicit http_client(std::string base_url, long timeout_seconds = 30);
    ~http_client();
    http_client(const http_client&) = delete;
    http_client& operator=(const http_client&) = delete;

    http_response get(const std::string& path, const header_list& headers = {});
    http_response post_json(const std::string& path, const boost::json::value& body,
                            const header_list& headers = {});
    http_response patch_json(const std::string& path, const boost::json::value& body,
                             const header_list& headers = {});
    http_response post_form(const std::string& path, const form_fields& fields,
                            const header_list& headers = {});
    // Sends exactly these bytes as the body.
    http_response post_raw(const std::string& path, const std::string& bytes,
                           const std::string& content_type, const header_list& headers = {});
    // Any method; `body` may be empty; the path is sent as is (no dot-segment removal).
    http_response request(const std::string& method, const std::string& path, const std::string& body,
                          const header_list& headers);

    const std::string& base_url() const { return base_url_; }
    // Sends from this local address ("127.0.0.2": loopback answers from all of 127/8), so that
    // one test can play several clients; empty: the system's choice.
    void set_local_address(std::string address) { local_address_ = std::move(address); }

private:
    std::string base_url_;
    std::string local_address_;
    long timeout_seconds_;
    void* handle_;  // CURL*
};

// Parses JSON text; throws std::runtime_error with the text when it is not JSON.
boost::json::value parse_json(const std::string& text);
// application/x-www-form-urlencoded encoding of one value.
std::string form_encode(const std::string& value);
// A string that JSON leaves as is, for building bodies by hand.
std::string json_text(const boost::json::value& v);

}  // namespace colloq_it
