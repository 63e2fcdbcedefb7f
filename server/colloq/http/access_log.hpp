#pragma once
// One line per request on stderr, buffered and written by a background thread so that
// a busy server does not make a system call per request.
#include <condition_variable>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

namespace colloq::http {

class access_log {
public:
    access_log();
    ~access_log();  // flushes
    void write(std::string_view method, std::string_view path, int status, double milliseconds);
    void flush();

private:
    void loop();
    std::mutex mutex_;
    std::condition_variable cv_;
    std::string pending_;
    bool stopping_ = false;
    std::thread thread_;
};

// The path as logged: segments that look like secrets (manage tokens) are replaced by "…".
std::string redact_path(std::string_view path);

}  // namespace colloq::http
