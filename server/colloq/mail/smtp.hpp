#pragma once
// Sends composed emails over SMTP with libcurl, keeping the connection between sends.
#include <chrono>
#include <memory>
#include <string>

namespace colloq::mail {

struct send_result {
    bool ok = false;
    bool permanent = false;  // a 5xx refusal: retrying the same email will not help
    std::string error;
};

// Not thread-safe: one client per sending thread.
class smtp_client {
public:
    // "smtp://host:port" (STARTTLS when the server offers it), "smtps://user:password@host:port"
    // (TLS from the start). `timeout` bounds the connection and each whole send.
    smtp_client(std::string url, std::chrono::seconds timeout);
    ~smtp_client();
    smtp_client(smtp_client&&) noexcept;
    smtp_client& operator=(smtp_client&&) noexcept;

    // `message`: RFC 5322 bytes with CRLF line ends (see compose()); addresses without brackets.
    send_result send(const std::string& from_address, const std::string& to_address, const std::string& message);

private:
    struct handle;
    std::unique_ptr<handle> handle_;
};

}  // namespace colloq::mail
