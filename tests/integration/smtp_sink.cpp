#include "smtp_sink.hpp"

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "badge_support.hpp"
#include "http_client.hpp"

namespace colloq_it {

namespace fs = std::filesystem;
namespace json = boost::json;
using badge_kit::read_bytes;
using badge_kit::shell_quote;
using namespace std::chrono_literals;

namespace {

// Reads message files with Python's email package and prints them as one JSON array.
constexpr const char* parser_script = R"PY(
import email, email.policy, json, os, sys

root = sys.argv[1]
save = sys.argv[2] if len(sys.argv) > 2 else ''
files = []
for dirpath, dirnames, filenames in os.walk(root):
    if os.path.basename(dirpath) == 'tmp':
        continue
    for name in filenames:
        if not name.startswith('.'):
            files.append(os.path.join(dirpath, name))
files.sort(key=lambda p: (os.path.basename(p), p))

def structure(part):
    if part.is_multipart():
        return part.get_content_type() + '(' + ','.join(structure(p) for p in part.get_payload()) + ')'
    return part.get_content_type()

def header(msg, name):
    value = msg.get(name)
    return '' if value is None else str(value)

out = []
for index, path in enumerate(files):
    with open(path, 'rb') as fh:
        msg = email.message_from_binary_file(fh, policy=email.policy.default)
    types, leaves, text, html = [], [], '', ''
    for part in msg.walk():
        types.append(part.get_content_type())
        if part.is_multipart():
            continue
        filename = part.get_filename() or ''
        payload = part.get_payload(decode=True) or b''
        saved = ''
        if save and filename:
            saved = os.path.join(save, '%d-%s' % (index, os.path.basename(filename)))
            with open(saved, 'wb') as fh:
                fh.write(payload)
        if not filename and part.get_content_type() == 'text/plain' and not text:
            text = part.get_content()
        if not filename and part.get_content_type() == 'text/html' and not html:
            html = part.get_content()
        leaves.append({'content_type': part.get_content_type(), 'filename': filename,
                       'content_id': header(part, 'Content-ID').strip().strip('<>'),
                       'disposition': part.get_content_disposition() or '',
                       'size': len(payload), 'saved': saved})
    out.append({'file': path, 'subject': header(msg, 'Subject'), 'from': header(msg, 'From'),
                'to': header(msg, 'To'), 'rcpt_to': header(msg, 'X-RcptTo'),
                'message_id': header(msg, 'Message-ID').strip(), 'date': header(msg, 'Date'),
                'list_id': header(msg, 'List-Id'), 'list_unsubscribe': header(msg, 'List-Unsubscribe'),
                'list_unsubscribe_post': header(msg, 'List-Unsubscribe-Post'),
                'structure': structure(msg), 'content_types': types, 'leaves': leaves,
                'text': text, 'html': html})
json.dump(out, sys.stdout)
)PY";

std::string field(const json::object& o, const char* key) {
    auto* v = o.if_contains(key);
    return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

int free_port() {
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) throw std::runtime_error("socket failed");
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = 0;
    socklen_t len = sizeof a;
    if (bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
        getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) != 0) {
        close(fd);
        throw std::runtime_error("cannot find a free port");
    }
    close(fd);
    return ntohs(a.sin_port);
}

bool accepts_connections(int port) {
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return false;
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons(static_cast<uint16_t>(port));
    bool ok = connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
    close(fd);
    return ok;
}

}  // namespace

std::vector<mail_part> mail_message::attachments() const {
    std::vector<mail_part> out;
    for (const auto& p : leaves)
        if (!p.filename.empty()) out.push_back(p);
    return out;
}

mail_part mail_message::attachment(const std::string& filename) const {
    for (const auto& p : leaves)
        if (p.filename == filename) return p;
    ADD_FAILURE() << "no attachment named " << filename << " in " << structure << " (" << file << ")";
    return {};
}

std::vector<mail_message> read_messages(const fs::path& dir, const fs::path& save_dir) {
    temp_dir scratch;
    fs::path script = scratch.path() / "parse_mail.py";
    std::ofstream(script) << parser_script;
    std::string command = "/usr/bin/python3 " + shell_quote(script.string()) + " " + shell_quote(dir.string());
    if (!save_dir.empty()) {
        fs::create_directories(save_dir);
        command += " " + shell_quote(save_dir.string());
    }
    command += " 2>" + shell_quote((scratch.path() / "err").string());
    std::string out;
    FILE* pipe = popen(command.c_str(), "r");
    if (!pipe) throw std::runtime_error("popen failed for the mail parser");
    char buf[8192];
    std::size_t n;
    while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
    int status = pclose(pipe);
    if (status != 0)
        throw std::runtime_error("the mail parser failed on " + dir.string() + ": " + read_bytes(scratch.path() / "err"));
    json::value parsed = parse_json(out);
    std::vector<mail_message> messages;
    for (const auto& item : parsed.as_array()) {
        const auto& o = item.as_object();
        mail_message m;
        m.file = field(o, "file");
        m.subject = field(o, "subject");
        m.from = field(o, "from");
        m.to = field(o, "to");
        m.rcpt_to = field(o, "rcpt_to");
        m.message_id = field(o, "message_id");
        m.date = field(o, "date");
        m.list_id = field(o, "list_id");
        m.list_unsubscribe = field(o, "list_unsubscribe");
        m.list_unsubscribe_post = field(o, "list_unsubscribe_post");
        m.structure = field(o, "structure");
        m.text = field(o, "text");
        m.html = field(o, "html");
        for (const auto& t : o.at("content_types").as_array()) m.content_types.emplace_back(t.as_string());
        for (const auto& l : o.at("leaves").as_array()) {
            const auto& lo = l.as_object();
            mail_part p;
            p.content_type = field(lo, "content_type");
            p.filename = field(lo, "filename");
            p.content_id = field(lo, "content_id");
            p.disposition = field(lo, "disposition");
            p.size = static_cast<std::size_t>(lo.at("size").to_number<long long>());
            p.saved = field(lo, "saved");
            m.leaves.push_back(std::move(p));
        }
        messages.push_back(std::move(m));
    }
    return messages;
}

std::size_t count_message_files(const fs::path& dir) {
    std::size_t n = 0;
    std::error_code ec;
    if (!fs::exists(dir, ec)) return 0;
    for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
         it.increment(ec)) {
        if (!it->is_regular_file(ec)) continue;
        const auto& p = it->path();
        if (p.parent_path().filename() == "tmp" || p.filename().string().starts_with(".")) continue;
        ++n;
    }
    return n;
}

smtp_sink::smtp_sink(bool start_now) : port_(free_port()) {
    // A maildir: Python's mailbox module makes the three folders only when the root is absent.
    for (const char* sub : {"tmp", "new", "cur"}) fs::create_directories(maildir() / sub);
    fs::create_directories(control_dir());
    if (start_now) start();
}

smtp_sink::~smtp_sink() {
    if (running()) stop();
    if (::testing::Test::HasFailure()) std::cerr << "---- aiosmtpd log ----\n" << log() << "---- end ----\n";
}

void smtp_sink::start() {
    if (running()) return;
    std::string dir = maildir().string();
    std::vector<std::string> args{"/usr/bin/python3", COLLOQ_SMTP_SINK_SCRIPT, "127.0.0.1", std::to_string(port_),
                                  dir, control_dir().string()};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    int log_fd = open((dir_.path() / "aiosmtpd.log").c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    int null_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid < 0) throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
    if (pid == 0) {
        dup2(null_fd, 0);
        dup2(log_fd, 1);
        dup2(log_fd, 2);
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() != parent) _exit(127);
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, nullptr);
        execv(argv[0], argv.data());
        _exit(127);
    }
    close(log_fd);
    close(null_fd);
    pid_ = pid;
    auto deadline = std::chrono::steady_clock::now() + 15s;
    while (std::chrono::steady_clock::now() < deadline) {
        int status = 0;
        if (waitpid(pid_, &status, WNOHANG) == pid_) {
            pid_ = -1;
            throw std::runtime_error("aiosmtpd exited at start on port " + std::to_string(port_) + ": " + log());
        }
        if (accepts_connections(port_)) return;
        std::this_thread::sleep_for(20ms);
    }
    stop();
    throw std::runtime_error("aiosmtpd did not listen on port " + std::to_string(port_) + " within 15 s: " + log());
}

void smtp_sink::stop() {
    if (!running()) return;
    kill(pid_, SIGTERM);
    auto deadline = std::chrono::steady_clock::now() + 10s;
    int status = 0;
    for (;;) {
        pid_t r = waitpid(pid_, &status, WNOHANG);
        if (r == pid_ || (r < 0 && errno != EINTR)) break;
        if (std::chrono::steady_clock::now() >= deadline) {
            kill(pid_, SIGKILL);
            waitpid(pid_, &status, 0);
            break;
        }
        std::this_thread::sleep_for(10ms);
    }
    pid_ = -1;
    // Nothing listens on the port any more.
    auto gone = std::chrono::steady_clock::now() + 5s;
    while (accepts_connections(port_) && std::chrono::steady_clock::now() < gone) std::this_thread::sleep_for(10ms);
}

std::size_t smtp_sink::wait_for(std::size_t n, std::chrono::milliseconds timeout) const {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        std::size_t have = count();
        if (have >= n || std::chrono::steady_clock::now() >= deadline) return have;
        std::this_thread::sleep_for(50ms);
    }
}

std::vector<mail_message> smtp_sink::messages(const fs::path& save_dir) const {
    return read_messages(maildir(), save_dir);
}

namespace {
void write_lines(const fs::path& file, const std::vector<std::string>& lines) {
    fs::path part = file;
    part += ".part";
    {
        std::ofstream out(part);
        for (const auto& l : lines) out << l << "\n";
    }
    fs::rename(part, file);  // the sink reads the whole list or the previous one
}
}  // namespace

void smtp_sink::greylist(const std::vector<std::string>& addresses) {
    write_lines(control_dir() / "greylist", addresses);
}

void smtp_sink::refuse(const std::vector<std::string>& addresses) { write_lines(control_dir() / "refuse", addresses); }

void smtp_sink::unavailable(bool on) {
    if (on)
        write_lines(control_dir() / "unavailable", {});
    else
        fs::remove(control_dir() / "unavailable");
}

std::vector<sink_event> smtp_sink::events() const {
    std::vector<sink_event> out;
    std::istringstream in(log());
    std::string line;
    while (std::getline(in, line)) {
        std::istringstream words(line);
        sink_event e;
        std::string verb;
        if (!(words >> e.at >> verb)) continue;
        if (verb != "MAIL" && verb != "RCPT") continue;
        e.command = verb;
        words >> e.address >> e.reply;
        out.push_back(e);
    }
    return out;
}

int smtp_sink::replies(const std::string& command, const std::string& address, int reply) const {
    int n = 0;
    for (const auto& e : events())
        if (e.command == command && (address.empty() || e.address == address) && e.reply == reply) ++n;
    return n;
}

std::string smtp_sink::log() const { return read_bytes(dir_.path() / "aiosmtpd.log"); }

std::string config_with_smtp(const server_options& options, const std::string& smtp_url, int retry_cap_seconds) {
    // The [mail] section is the last one of the generated configuration.
    return make_config(options) + "smtp_url = \"" + smtp_url + "\"\nretry_cap = " +
           std::to_string(retry_cap_seconds) + "\n";
}

}  // namespace colloq_it
