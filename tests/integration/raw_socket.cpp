#include "raw_socket.hpp"

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace colloq_it {

namespace {

std::string lower(std::string s) {
    for (char& c : s)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return s;
}

std::string trim(const std::string& s) {
    auto b = s.find_first_not_of(" \t");
    if (b == std::string::npos) return {};
    return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

}  // namespace

raw_socket::raw_socket(int port) {
    fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd_ < 0) throw std::runtime_error(std::string("socket: ") + std::strerror(errno));
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        int e = errno;
        close(fd_);
        throw std::runtime_error("connect to port " + std::to_string(port) + ": " + std::strerror(e));
    }
}

raw_socket::~raw_socket() {
    if (fd_ >= 0) close(fd_);
}

bool raw_socket::send_all(std::string_view bytes) {
    while (!bytes.empty()) {
        ssize_t n = send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
}

bool raw_socket::fill(std::chrono::steady_clock::time_point deadline) {
    for (;;) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) return false;
        pollfd p{fd_, POLLIN, 0};
        int r = poll(&p, 1, static_cast<int>(left.count()));
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) return false;
        char buf[16384];
        ssize_t n = recv(fd_, buf, sizeof buf, 0);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        buffer_.append(buf, static_cast<std::size_t>(n));
        return true;
    }
}

std::optional<raw_response> raw_socket::read_response(std::chrono::milliseconds timeout, bool head_only) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    std::size_t end;
    while ((end = buffer_.find("\r\n\r\n")) == std::string::npos)
        if (!fill(deadline)) return std::nullopt;

    raw_response r;
    std::string head = buffer_.substr(0, end);
    std::size_t pos = head.find("\r\n");
    std::string status_line = head.substr(0, pos);
    if (status_line.rfind("HTTP/1.", 0) != 0 || status_line.size() < 12) return std::nullopt;
    r.status = std::stoi(status_line.substr(9, 3));
    while (pos != std::string::npos && pos < head.size()) {
        std::size_t next = head.find("\r\n", pos + 2);
        std::string line = head.substr(pos + 2, next == std::string::npos ? std::string::npos : next - pos - 2);
        auto colon = line.find(':');
        if (colon != std::string::npos) r.headers[lower(trim(line.substr(0, colon)))] = trim(line.substr(colon + 1));
        pos = next;
    }
    std::size_t at = end + 4;

    if (head_only) {
        // An answer to HEAD: its headers describe a body that does not follow.
    } else if (lower(r.headers["transfer-encoding"]).find("chunked") != std::string::npos) {
        for (;;) {
            std::size_t line_end;
            while ((line_end = buffer_.find("\r\n", at)) == std::string::npos)
                if (!fill(deadline)) return std::nullopt;
            std::size_t size = std::stoul(buffer_.substr(at, line_end - at), nullptr, 16);
            at = line_end + 2;
            while (buffer_.size() < at + size + 2)
                if (!fill(deadline)) return std::nullopt;
            r.body.append(buffer_, at, size);
            at += size + 2;
            if (size == 0) break;
        }
    } else if (r.headers.count("content-length")) {
        std::size_t size = std::stoul(r.headers["content-length"]);
        while (buffer_.size() < at + size)
            if (!fill(deadline)) return std::nullopt;
        r.body = buffer_.substr(at, size);
        at += size;
    } else if (r.status != 204 && r.status != 304 && r.status >= 200) {
        while (fill(deadline)) {
        }
        r.body = buffer_.substr(at);
        at = buffer_.size();
    }
    buffer_.erase(0, at);
    return r;
}

raw_socket::drained raw_socket::read_until_closed(std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    drained d;
    for (;;) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) break;
        pollfd p{fd_, POLLIN, 0};
        int r = poll(&p, 1, static_cast<int>(left.count()));
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) break;
        char buf[16384];
        ssize_t n = recv(fd_, buf, sizeof buf, 0);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            d.closed = true;
            break;
        }
        buffer_.append(buf, static_cast<std::size_t>(n));
    }
    d.data = std::move(buffer_);
    buffer_.clear();
    return d;
}

std::string get_request(const std::string& target, const std::string& extra_headers) {
    return "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extra_headers + "\r\n";
}

}  // namespace colloq_it
