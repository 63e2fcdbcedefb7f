#pragma once
// Sends composed emails over SMTP with libcurl, keeping the connection between sends.
#include <chrono>
#include <memory>
#include <string>

namespace colloq::mail {

// Who a failure belongs to decides what waits: the whole worker, or this one e-mail.
enum class failure {
    none,
    server,     // unreachable, timed out, 421, TLS or login refused: every e-mail would fail alike
    deferred,   // this e-mail refused for now (4xx to its RCPT or DATA, e.g. greylisting)
    permanent,  // this e-mail refused for good (5xx): retrying will not help
};

struct send_result {
    bool ok = false;
    failure kind = failure::none;
    std::string error;
};

// What a failed transfer means, from libcurl's code, the last SMTP reply and the last
// command sent ("MAIL", "RCPT", "DATA"…; "" before any).
failure classify(int curl_code, long reply, const std::string& last_command);

// True when the URL carries a user name or password: those cross only over TLS.
bool has_credentials(const std::string& url);

// Not thread-safe: one client per sending thread.
class smtp_client {
public:
    // "smtp://host:port" (STARTTLS when the server offers it), "smtps://user:password@host:port"
    // (TLS from the start), "smtp://user:password@host:port" (STARTTLS required: without it
    // nothing is sent, the password least of all). `timeout` bounds the connection and each send.
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
