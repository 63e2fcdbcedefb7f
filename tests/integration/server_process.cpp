#include "server_process.hpp"

#include <cerrno>
#include <ctime>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>
#include <stdexcept>
#include <string_view>

#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

namespace colloq_it {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

std::string quoted(const std::string& s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out + "\"";
}

std::string read_file(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// fork + execv with the given descriptors as stdin, stdout and stderr. The child dies
// with the test binary, and starts with default signal handling.
pid_t spawn(const std::vector<std::string>& args, int in_fd, int out_fd, int err_fd,
            std::optional<unsigned long> open_file_limit = std::nullopt) {
    std::vector<char*> argv;
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid < 0) throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
    if (pid == 0) {
        dup2(in_fd, 0);
        dup2(out_fd, 1);
        dup2(err_fd, 2);
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() != parent) _exit(127);
        signal(SIGPIPE, SIG_DFL);
        if (open_file_limit) {
            rlimit limit{static_cast<rlim_t>(*open_file_limit), static_cast<rlim_t>(*open_file_limit)};
            if (setrlimit(RLIMIT_NOFILE, &limit) != 0) _exit(126);
        }
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, nullptr);
        execv(argv[0], argv.data());
        const char msg[] = "integration tests: cannot execute the colloq binary\n";
        ssize_t ignored = write(2, msg, sizeof msg - 1);
        (void)ignored;
        _exit(127);
    }
    return pid;
}

int decode_status(int status) {
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
    return -1;
}

// Waits for the child up to `timeout`; returns its decoded status, or nothing.
std::optional<int> wait_for(pid_t pid, std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        int status = 0;
        pid_t r = waitpid(pid, &status, WNOHANG);
        if (r == pid) return decode_status(status);
        if (r < 0 && errno != EINTR) return -1;
        if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
        std::this_thread::sleep_for(5ms);
    }
}

// In the sanitized build (./scripts/test --sanitize) a finding in the server is a failed test,
// even when the server goes on running: the report is in its stderr.
bool has_sanitizer_report(const std::string& err) {
    for (std::string_view mark : {"ERROR: AddressSanitizer", "ERROR: LeakSanitizer", "runtime error:"})
        if (err.find(mark) != std::string::npos) return true;
    return false;
}

int open_or_throw(const fs::path& p, int flags) {
    int fd = open(p.c_str(), flags | O_CLOEXEC, 0644);
    if (fd < 0) throw std::runtime_error("open " + p.string() + ": " + std::strerror(errno));
    return fd;
}

}  // namespace

std::string make_config(const server_options& o) {
    std::ostringstream t;
    t << "[event]\n"
      << "slug = " << quoted(event_slug) << "\n"
      << "title = " << quoted(event_title) << "\n"
      << "organiser = " << quoted(event_organiser) << "\n"
      << "venue = " << quoted(event_venue) << "\n"
      << "starts_at = " << quoted(o.starts_at.value_or(event_starts_at)) << "\n"
      << "ends_at = " << quoted(o.ends_at.value_or(event_ends_at)) << "\n"
      << "capacity = " << o.capacity << "\n";
    if (o.registration_opens_at) t << "registration_opens_at = " << quoted(*o.registration_opens_at) << "\n";
    if (o.registration_closes_at) t << "registration_closes_at = " << quoted(*o.registration_closes_at) << "\n";
    for (const auto& p : o.partners) {
        t << "\n[[partners]]\n"
          << "slug = " << quoted(p.slug) << "\n"
          << "name = " << quoted(p.name) << "\n";
        if (p.quota) t << "quota = " << *p.quota << "\n";
        if (p.requires_approval) t << "requires_approval = true\n";
    }
    t << "\n" << o.questions_toml << "\n" << o.sections_toml << "\n";
    t << "\n[server]\n"
      << "public_url = \"http://colloq.test\"\n";
    for (const auto& line : o.server_lines) t << line << "\n";
    t << "\n[limits]\n";
    for (const auto& line : o.limits_lines) t << line << "\n";
    // [mail] stays last: config_with_smtp appends its keys to it.
    t << "\n[mail]\n"
      << "from = \"Colloque IA <inscriptions@example.org>\"\n";
    return t.str();
}

std::string utc_from_now(std::chrono::seconds offset) {
    std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now() + offset);
    std::tm utc{};
    gmtime_r(&t, &utc);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return text;
}

temp_dir::temp_dir() {
    std::string pattern = (fs::temp_directory_path() / "colloq-it-XXXXXX").string();
    if (!mkdtemp(pattern.data())) throw std::runtime_error(std::string("mkdtemp: ") + std::strerror(errno));
    path_ = pattern;
}

temp_dir::~temp_dir() {
    if (std::getenv("COLLOQ_IT_KEEP")) {
        std::cerr << "[integration] kept " << path_ << "\n";
        return;
    }
    std::error_code ec;
    fs::remove_all(path_, ec);
}

namespace {

// The colloq under test: the build's, or COLLOQ_IT_BINARY (a copy, so that the build may go on).
std::string colloq_binary() {
    const char* chosen = std::getenv("COLLOQ_IT_BINARY");
    return chosen && *chosen ? chosen : COLLOQ_BINARY;
}

}  // namespace

run_result run_colloq(const std::vector<std::string>& args, std::chrono::seconds timeout) {
    temp_dir scratch;
    std::vector<std::string> full{colloq_binary()};
    full.insert(full.end(), args.begin(), args.end());
    int in = open_or_throw("/dev/null", O_RDONLY);
    int out = open_or_throw(scratch.path() / "out", O_WRONLY | O_CREAT | O_TRUNC);
    int err = open_or_throw(scratch.path() / "err", O_WRONLY | O_CREAT | O_TRUNC);
    pid_t pid = spawn(full, in, out, err);
    close(in);
    close(out);
    close(err);
    run_result r;
    auto status = wait_for(pid, timeout);
    if (!status) {
        r.timed_out = true;
        kill(pid, SIGKILL);
        int ignored;
        waitpid(pid, &ignored, 0);
    } else {
        r.exit_status = *status;
    }
    r.out = read_file(scratch.path() / "out");
    r.err = read_file(scratch.path() / "err");
    if (has_sanitizer_report(r.err)) ADD_FAILURE() << "sanitizer report from colloq:\n" << r.err;
    return r;
}

server_process::server_process(server_options options)
    : server_process(make_config(options), options.open_file_limit, options.shared_database, options.key_from) {}

server_process::server_process(const std::string& config_text, std::optional<unsigned long> open_file_limit,
                               const std::string& shared_database, const std::filesystem::path& key_from)
    : database_(shared_database), open_file_limit_(open_file_limit) {
    write_config(config_text);
    fs::create_directories(data_dir());
    if (!key_from.empty()) {
        fs::copy_file(key_from / "badge-signing.key", data_dir() / "badge-signing.key");
        fs::permissions(data_dir() / "badge-signing.key", fs::perms::owner_read | fs::perms::owner_write);
    }
    start();
}

server_process::~server_process() {
    if (running()) {
        int status = stop(SIGTERM, 15s);
        if (status != 0) ADD_FAILURE() << "the server exited with status " << status << " on SIGTERM";
    }
    join_reader();
    if (std::string text = log(); has_sanitizer_report(text)) {
        auto at = text.find("==ERROR");
        if (at == std::string::npos) at = text.find("runtime error:");
        ADD_FAILURE() << "sanitizer report from the server:\n" << text.substr(at > 2000 ? at - 2000 : 0, 12000);
    }
    if (::testing::Test::HasFailure()) {
        std::string text = log();
        if (text.size() > 6000) text = "[...]\n" + text.substr(text.size() - 6000);
        std::cerr << "---- server stdout ----\n" << stdout_text() << "---- server log (" << log_path()
                  << ") ----\n" << text << "---- end of server log ----\n";
    }
}

void server_process::start() {
    int pipe_fds[2];
    if (pipe2(pipe_fds, O_CLOEXEC) != 0) throw std::runtime_error(std::string("pipe2: ") + std::strerror(errno));
    int err = open_or_throw(log_path(), O_WRONLY | O_CREAT | O_APPEND);
    int in = open_or_throw("/dev/null", O_RDONLY);
    std::vector<std::string> args{colloq_binary(), "serve", "--config", config_path().string(),
                                  "--data", data_dir().string(), "--listen", "127.0.0.1:0"};
    pid_ = spawn(args, in, pipe_fds[1], err, open_file_limit_);
    close(pipe_fds[1]);
    close(err);
    close(in);
    {
        std::lock_guard lock(mutex_);
        stdout_.clear();
        stdout_closed_ = false;
    }
    reader_ = std::thread([this, fd = pipe_fds[0]] {
        char buf[4096];
        for (;;) {
            ssize_t n = read(fd, buf, sizeof buf);
            if (n < 0 && errno == EINTR) continue;
            std::lock_guard lock(mutex_);
            if (n <= 0) {
                stdout_closed_ = true;
                changed_.notify_all();
                break;
            }
            stdout_.append(buf, static_cast<std::size_t>(n));
            changed_.notify_all();
        }
        close(fd);
    });

    std::string first_line, everything;
    bool closed = false;
    {
        std::unique_lock lock(mutex_);
        changed_.wait_for(lock, 30s, [&] { return stdout_.find('\n') != std::string::npos || stdout_closed_; });
        auto nl = stdout_.find('\n');
        if (nl != std::string::npos) first_line = stdout_.substr(0, nl);
        everything = stdout_;
        closed = stdout_closed_;
    }
    // HTTPS when the configuration gives a certificate ([server] tls_cert).
    std::string prefix = "colloq: listening on http://127.0.0.1:";
    if (first_line.rfind("colloq: listening on https://", 0) == 0) prefix = "colloq: listening on https://127.0.0.1:";
    if (first_line.rfind(prefix, 0) != 0) {
        std::string how = closed ? "its stdout closed" : "nothing within 30 s";
        if (auto status = wait_for(pid_, closed ? 2000ms : 0ms)) {
            how += ", it exited with status " + std::to_string(*status);
            pid_ = -1;
            join_reader();
        } else {
            kill9();
        }
        throw std::runtime_error("the server did not print \"" + prefix + "PORT\" as its first line (" + how +
                                 "); stdout: \"" + everything + "\"; its log:\n" + log());
    }
    std::string rest = first_line.substr(prefix.size());
    while (!rest.empty() && (rest.back() == '/' || rest.back() == '\r' || rest.back() == ' ')) rest.pop_back();
    port_ = std::stoi(rest);
    base_url_ = prefix.substr(prefix.find("http")) + std::to_string(port_);
}

void server_process::reap(int status) {
    exit_status_ = status;
    pid_ = -1;
    join_reader();
}

void server_process::join_reader() {
    if (reader_.joinable()) reader_.join();
}

int server_process::stop(int signal_number, std::chrono::seconds timeout) {
    if (!running()) return exit_status_;
    kill(pid_, signal_number);
    auto status = wait_for(pid_, timeout);
    if (!status) {
        ADD_FAILURE() << "the server did not exit within " << timeout.count() << " s of signal "
                      << signal_number;
        kill(pid_, SIGKILL);
        int ignored;
        waitpid(pid_, &ignored, 0);
        reap(-1);
        return -1;
    }
    reap(*status);
    return *status;
}

void server_process::kill9() {
    if (!running()) return;
    kill(pid_, SIGKILL);
    int status = 0;
    while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    reap(decode_status(status));
}

void server_process::write_config(const std::string& config_text) {
    std::ofstream(config_path(), std::ios::binary | std::ios::trunc) << config_text << database_.config_section();
}

void server_process::restart() {
    if (running()) stop(SIGTERM);
    std::ofstream(log_path(), std::ios::app) << "---- restart ----\n";
    start();
}

std::string server_process::log() const { return read_file(log_path()); }

std::string server_process::stdout_text() const {
    std::lock_guard lock(mutex_);
    return stdout_;
}

}  // namespace colloq_it
