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

// Appends "<method> <path> <status> <milliseconds, one decimal>ms\n", the line logged after the
// time. Path segments that look like secrets (manage tokens) are replaced by "…", and so is the
// code after /attestation/ (short, but it names a person's certificate).
void append_request_line(std::string& out, std::string_view method, std::string_view path, int status,
                         double milliseconds);

}  // namespace colloq::http
