#include "colloq/http/access_log.hpp"

#include <chrono>
#include <cstdio>
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
    char tail[48];
    std::snprintf(tail, sizeof tail, " %d %.1fms\n", status, ms);
    std::string line = domain::format_utc(domain::now());
    line += ' ';
    line += method;
    line += ' ';
    line += redact_path(path);
    line += tail;
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

std::string redact_path(std::string_view path) {
    std::string out;
    std::size_t start = 0;
    while (start <= path.size()) {
        auto slash = path.find('/', start);
        std::string_view segment = path.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
        out += segment.size() >= 32 ? std::string_view("…") : segment;
        if (slash == std::string_view::npos) break;
        out += '/';
        start = slash + 1;
    }
    return out;
}

}  // namespace colloq::http
