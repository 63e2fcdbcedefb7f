#include "colloq/http/access_log.hpp"

#include <charconv>
#include <chrono>
#include <pthread.h>
#include <unistd.h>

#include "colloq/domain/time.hpp"

namespace colloq::http {

access_log::access_log()
    : thread_([this] {
          pthread_setname_np(pthread_self(), "colloq-log");
          loop();
      }) {}

access_log::~access_log() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
        cv_.notify_one();
    }
    thread_.join();
    flush();
}

void access_log::write(std::string_view method, std::string_view path, int status, double ms) {
    std::string line = domain::format_utc(domain::now());
    line += ' ';
    append_request_line(line, method, path, status, ms);
    std::lock_guard lock(mutex_);
    pending_ += line;
    if (pending_.size() > 64 * 1024) cv_.notify_one();
}

void access_log::flush() {
    std::string out;
    {
        std::lock_guard lock(mutex_);
        out.swap(pending_);
    }
    std::size_t done = 0;
    while (done < out.size()) {
        ssize_t n = ::write(STDERR_FILENO, out.data() + done, out.size() - done);
        if (n <= 0) break;
        done += static_cast<std::size_t>(n);
    }
}

void access_log::loop() {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
        cv_.wait_for(lock, std::chrono::milliseconds(200));
        lock.unlock();
        flush();
        lock.lock();
    }
}

// Built without printf: it runs for every request.
void append_request_line(std::string& out, std::string_view method, std::string_view path, int status, double ms) {
    out += method;
    out += ' ';
    std::size_t start = 0;
    std::string_view previous;
    while (start <= path.size()) {
        auto slash = path.find('/', start);
        std::string_view segment = path.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
        bool secret = segment.size() >= 32 || (previous == "attestation" && !segment.empty());
        out += secret ? std::string_view("…") : segment;
        previous = segment;
        if (slash == std::string_view::npos) break;
        out += '/';
        start = slash + 1;
    }
    char number[24];
    out += ' ';
    out.append(number, std::to_chars(number, number + sizeof number, status).ptr);
    auto tenths = static_cast<long long>(ms * 10 + 0.5);
    out += ' ';
    out.append(number, std::to_chars(number, number + sizeof number, tenths / 10).ptr);
    out += '.';
    out += static_cast<char>('0' + tenths % 10);
    out += "ms\n";
}

}  // namespace colloq::http
