#pragma once
// A plain TCP connection to the server, for what libcurl will not do: keep-alive on one
// known connection, half requests, garbage bytes.
#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace colloq_it {

struct raw_response {
    int status = 0;
    std::map<std::string, std::string> headers;  // lowercase names
    std::string body;
};

class raw_socket {
public:
    explicit raw_socket(int port);
    ~raw_socket();
    raw_socket(const raw_socket&) = delete;
    raw_socket& operator=(const raw_socket&) = delete;

    // False when the connection refused the bytes (closed or reset).
    bool send_all(std::string_view bytes);
    // One complete response (Content-Length or chunked body), or nothing if the connection
    // closed or `timeout` passed first. `head_only`: the answer to a HEAD, headers only.
    std::optional<raw_response> read_response(std::chrono::milliseconds timeout, bool head_only = false);

    struct drained {
        std::string data;   // whatever came before the end
        bool closed = false;  // the peer closed or reset the connection in time
    };
    // Reads until the peer closes the connection or `timeout` passes.
    drained read_until_closed(std::chrono::milliseconds timeout);

private:
    // Reads more into buffer_; false at end of stream, error or deadline.
    bool fill(std::chrono::steady_clock::time_point deadline);

    int fd_ = -1;
    std::string buffer_;
};

// "GET {target} HTTP/1.1" with a Host header and these extra header lines.
std::string get_request(const std::string& target, const std::string& extra_headers = {});

}  // namespace colloq_it
