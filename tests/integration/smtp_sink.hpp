#pragma once
// A real SMTP server for the mail tests: Debian's aiosmtpd (smtp_sink.py, run by
// /usr/bin/python3) on a free loopback port, storing every message it accepts in a maildir.
// It can be stopped and started again on the same port, greylist or refuse chosen
// recipients, answer 421 to everyone, and offers AUTH in clear without STARTTLS. Messages are parsed back with Python's `email`
// package, independently of the server's MIME code.
#include <chrono>
#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include <sys/types.h>

#include "server_process.hpp"

namespace colloq_it {

// One leaf part of a message (not a multipart container).
struct mail_part {
    std::string content_type;  // lower case, without parameters
    std::string filename;      // "" when the part has none
    std::string content_id;    // without the angle brackets
    std::string disposition;   // attachment, inline or ""
    std::size_t size = 0;      // decoded bytes
    std::filesystem::path saved;  // where it was written, when saving was asked
};

struct mail_message {
    std::filesystem::path file;
    std::string subject;     // decoded
    std::string from;
    std::string to;          // the To header, decoded
    std::string rcpt_to;     // the SMTP envelope recipient (maildir only; "" for .eml files)
    std::string message_id;  // with the angle brackets
    std::string date;
    std::string list_id, list_unsubscribe, list_unsubscribe_post;  // a mailing's (RFC 2919, 2369, 8058)
    std::string structure;   // e.g. multipart/mixed(text/plain,application/pdf)
    std::vector<std::string> content_types;  // every part, depth first, containers included
    std::vector<mail_part> leaves;
    std::string text;  // the text/plain body that is not an attachment
    std::string html;  // the text/html body that is not an attachment

    // The leaves that carry a file name.
    std::vector<mail_part> attachments() const;
    // The part with this file name; a test failure and an empty part when absent.
    mail_part attachment(const std::string& filename) const;
};

// Parses every message file under `dir` (a maildir, or a directory of .eml files), in
// file name order. With `save_dir`, each named part is written there as
// "<message index>-<filename>". Throws std::runtime_error when the parser fails.
std::vector<mail_message> read_messages(const std::filesystem::path& dir,
                                        const std::filesystem::path& save_dir = {});

// Message files (not parsed) under a maildir or spool directory; cheap enough to poll.
std::size_t count_message_files(const std::filesystem::path& dir);

// A MAIL or RCPT command the sink answered.
struct sink_event {
    double at = 0;  // Unix time, seconds
    std::string command;  // MAIL or RCPT
    std::string address;
    int reply = 0;
};

class smtp_sink {
public:
    // Picks a free port; `start_now` false leaves the server down until start().
    explicit smtp_sink(bool start_now = true);
    ~smtp_sink();
    smtp_sink(const smtp_sink&) = delete;
    smtp_sink& operator=(const smtp_sink&) = delete;

    void start();  // same port every time; waits until it accepts connections
    void stop();   // SIGTERM, then waits for the exit
    bool running() const { return pid_ > 0; }

    int port() const { return port_; }
    std::string url() const { return "smtp://127.0.0.1:" + std::to_string(port_); }
    std::filesystem::path maildir() const { return dir_.path() / "maildir"; }

    std::size_t count() const { return count_message_files(maildir()); }
    // Waits until at least `n` messages arrived or the timeout passed; returns how many did.
    std::size_t wait_for(std::size_t n, std::chrono::milliseconds timeout) const;
    std::vector<mail_message> messages(const std::filesystem::path& save_dir = {}) const;
    std::string log() const;

    // Changed while it runs; each call replaces the previous list.
    void greylist(const std::vector<std::string>& addresses);  // RCPT TO: 450
    void refuse(const std::vector<std::string>& addresses);    // RCPT TO: 550
    void unavailable(bool on);                                  // MAIL FROM: 421
    std::vector<sink_event> events() const;
    // How many times `command` for `address` ("" for any) got `reply`.
    int replies(const std::string& command, const std::string& address, int reply) const;

private:
    std::filesystem::path control_dir() const { return dir_.path() / "control"; }
    temp_dir dir_;
    int port_ = 0;
    pid_t pid_ = -1;
};

// make_config(options) with [mail] smtp_url and retry_cap added.
std::string config_with_smtp(const server_options& options, const std::string& smtp_url, int retry_cap_seconds);

}  // namespace colloq_it
