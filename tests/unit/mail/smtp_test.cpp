#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <thread>
#include <vector>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "colloq/mail/compose.hpp"
#include "colloq/mail/smtp.hpp"
#include <curl/curl.h>
#include "test_support.hpp"

extern char** environ;

namespace colloq::mail {
namespace {

using testing::temp_dir;
namespace fs = std::filesystem;

// A loopback port that nothing listens on (the kernel picked it, then it was let go).
int free_port() {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    socklen_t len = sizeof addr;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
        ::close(fd);
        throw std::runtime_error("no free port");
    }
    ::close(fd);
    return ntohs(addr.sin_port);
}

bool accepts(int port) {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(static_cast<uint16_t>(port));
    bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    ::close(fd);
    return ok;
}

// aiosmtpd storing every message in a maildir, logging each connection.
class smtp_server {
public:
    smtp_server(const fs::path& dir, std::vector<std::string> extra = {}) : port_(free_port()) {
        maildir_ = dir / "maildir";
        log_ = dir / "smtpd.log";
        std::vector<std::string> args = {"/usr/bin/python3", "-m", "aiosmtpd", "-n", "-d",
                                         "-l", "127.0.0.1:" + std::to_string(port_),
                                         "-c", "aiosmtpd.handlers.Mailbox"};
        args.insert(args.end(), extra.begin(), extra.end());
        args.push_back(maildir_.string());
        std::vector<char*> argv;
        for (auto& a : args) argv.push_back(a.data());
        argv.push_back(nullptr);

        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_addopen(&actions, 1, log_.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
        posix_spawn_file_actions_adddup2(&actions, 1, 2);
        int rc = ::posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ);
        posix_spawn_file_actions_destroy(&actions);
        if (rc != 0) throw std::runtime_error("cannot start aiosmtpd");
        for (int i = 0; i < 200 && !accepts(port_); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    smtp_server(const smtp_server&) = delete;
    smtp_server& operator=(const smtp_server&) = delete;
    ~smtp_server() {
        ::kill(pid_, SIGTERM);
        int status;
        ::waitpid(pid_, &status, 0);
    }

    std::string url() const { return "smtp://127.0.0.1:" + std::to_string(port_); }

    std::vector<std::string> messages() const {
        std::vector<std::string> out;
        if (fs::exists(maildir_ / "new"))
            for (const auto& f : fs::directory_iterator(maildir_ / "new")) out.push_back(testing::read_file(f.path()));
        return out;
    }

    std::string log() const { return testing::read_file(log_); }

    int connections() const {
        std::string log = testing::read_file(log_);
        int n = 0;
        for (auto at = log.find("handling connection"); at != std::string::npos;
             at = log.find("handling connection", at + 1))
            ++n;
        return n;
    }

private:
    int port_;
    pid_t pid_ = -1;
    fs::path maildir_, log_;
};

std::string message(const std::string& subject) {
    email e;
    e.from = "Colloque IA <inscriptions@example.org>";
    e.to_name = "Camille Martin";
    e.to_address = "camille@example.org";
    e.subject = subject;
    e.text = "Bonjour,\n.\nUne ligne qui commence par un point.\n";
    e.html = "<p>Bonjour</p>";
    e.attachments = {{"badge.pdf", "application/pdf", testing::bytes_of("%PDF\0\x01"), ""}};
    e.message_id = "outbox-" + std::to_string(subject.size()) + "@example.org";
    e.date = domain::now();
    return compose(e);
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

TEST(mail_smtp, two_messages_over_one_connection) {
    temp_dir dir;
    smtp_server server(dir.path());
    smtp_client client(server.url(), std::chrono::seconds(10));
    auto first = client.send("inscriptions@example.org", "camille@example.org", message("Premier essai"));
    EXPECT_TRUE(first.ok) << first.error;
    auto second = client.send("inscriptions@example.org", "dominique@example.org", message("Second essai d'envoi"));
    EXPECT_TRUE(second.ok) << second.error;

    auto stored = server.messages();
    ASSERT_EQ(stored.size(), 2u);
    int premier = 0, second_found = 0;
    for (const auto& m : stored) {
        if (has(m, "Subject: Premier essai")) {
            ++premier;
            EXPECT_TRUE(has(m, "X-RcptTo: camille@example.org"));
        }
        if (has(m, "Subject: Second essai d'envoi")) {
            ++second_found;
            EXPECT_TRUE(has(m, "X-RcptTo: dominique@example.org"));
        }
        EXPECT_TRUE(has(m, "X-MailFrom: inscriptions@example.org"));
        // Dot-stuffing undone by the server: the line that was a single dot came through.
        EXPECT_TRUE(has(m, "Bonjour,\n.\nUne ligne") || has(m, "Bonjour,\r\n.\r\nUne ligne")) << m;
    }
    EXPECT_EQ(premier, 1);
    EXPECT_EQ(second_found, 1);
    // One connection for both messages, after the one that checked the server was up.
    EXPECT_EQ(server.connections(), 2);
}

TEST(mail_smtp, nobody_listening_is_a_temporary_failure) {
    smtp_client client("smtp://127.0.0.1:" + std::to_string(free_port()), std::chrono::seconds(5));
    auto r = client.send("inscriptions@example.org", "camille@example.org", message("Personne"));
    EXPECT_FALSE(r.ok);
    EXPECT_EQ(r.kind, failure::server) << "nobody listening must pause the worker, not fail this e-mail";
    EXPECT_FALSE(r.error.empty());
}

TEST(mail_smtp, a_5xx_refusal_is_permanent) {
    temp_dir dir;
    smtp_server server(dir.path(), {"-s", "200"});  // messages over 200 bytes: 552
    smtp_client client(server.url(), std::chrono::seconds(10));
    auto r = client.send("inscriptions@example.org", "camille@example.org", message("Trop long"));
    EXPECT_FALSE(r.ok);
    EXPECT_EQ(r.kind, failure::permanent) << r.error;
    EXPECT_TRUE(has(r.error, "552")) << r.error;
    EXPECT_TRUE(server.messages().empty());
}

TEST(mail_smtp, addresses_cannot_carry_commands) {
    temp_dir dir;
    smtp_server server(dir.path());
    smtp_client client(server.url(), std::chrono::seconds(10));
    auto r = client.send("inscriptions@example.org", "camille@example.org>\r\nRCPT TO:<other@example.org",
                         message("Injection"));
    EXPECT_FALSE(r.ok);
    EXPECT_EQ(r.kind, failure::permanent);
    EXPECT_TRUE(server.messages().empty());
    // The client still works afterwards.
    auto ok = client.send("inscriptions@example.org", "camille@example.org", message("Après le refus"));
    EXPECT_TRUE(ok.ok) << ok.error;
    EXPECT_EQ(server.messages().size(), 1u);
}

// Whose fault a refusal is: this e-mail's when it answers the e-mail's own RCPT or DATA,
// the server's otherwise (nobody answering, 421, a refused login or TLS).
TEST(mail_smtp, failures_are_classified_by_reply_and_command) {
    EXPECT_EQ(classify(CURLE_OK, 250, "DATA"), failure::none);
    EXPECT_EQ(classify(CURLE_SEND_ERROR, 450, "RCPT"), failure::deferred);   // greylisting
    EXPECT_EQ(classify(CURLE_SEND_ERROR, 451, "DATA"), failure::deferred);
    EXPECT_EQ(classify(CURLE_WEIRD_SERVER_REPLY, 452, "DATA"), failure::deferred);
    EXPECT_EQ(classify(CURLE_SEND_ERROR, 550, "RCPT"), failure::permanent);
    EXPECT_EQ(classify(CURLE_SEND_ERROR, 552, "MAIL"), failure::permanent);
    EXPECT_EQ(classify(CURLE_SEND_ERROR, 554, "DATA"), failure::permanent);
    EXPECT_EQ(classify(CURLE_SEND_ERROR, 421, "RCPT"), failure::server);     // service closing
    EXPECT_EQ(classify(CURLE_WEIRD_SERVER_REPLY, 421, ""), failure::server);  // at the greeting
    EXPECT_EQ(classify(CURLE_SEND_ERROR, 530, "MAIL"), failure::server);     // TLS or login required
    EXPECT_EQ(classify(CURLE_SEND_ERROR, 451, "MAIL"), failure::server);     // the sender, for everyone
    EXPECT_EQ(classify(CURLE_LOGIN_DENIED, 535, "AUTH"), failure::server);
    EXPECT_EQ(classify(CURLE_COULDNT_CONNECT, 0, ""), failure::server);
    EXPECT_EQ(classify(CURLE_OPERATION_TIMEDOUT, 354, "DATA"), failure::server);
    EXPECT_EQ(classify(CURLE_USE_SSL_FAILED, 250, "EHLO"), failure::server);
}

TEST(mail_smtp, credentials_are_found_in_the_url) {
    EXPECT_FALSE(has_credentials("smtp://127.0.0.1:2525"));
    EXPECT_FALSE(has_credentials("smtp://mail.example.org"));
    EXPECT_TRUE(has_credentials("smtp://colloq:secret@mail.example.org:587"));
    EXPECT_TRUE(has_credentials("smtp://colloq@mail.example.org"));
    EXPECT_TRUE(has_credentials("smtp://:secret@mail.example.org"));
    EXPECT_TRUE(has_credentials("smtps://colloq:secret@mail.example.org"));
}

// A URL with a password, a server that offers AUTH in clear but no STARTTLS: nothing is sent,
// and the server never sees an AUTH command.
TEST(mail_smtp, credentials_never_cross_without_tls) {
    temp_dir dir;
    smtp_server server(dir.path());
    std::string url = server.url();
    url.insert(std::string("smtp://").size(), "colloq:s3cret-pass@");
    smtp_client client(url, std::chrono::seconds(10));
    auto r = client.send("inscriptions@example.org", "camille@example.org", message("Sans TLS"));
    EXPECT_FALSE(r.ok);
    EXPECT_EQ(r.kind, failure::server) << r.error;
    EXPECT_TRUE(has(r.error, "STARTTLS")) << r.error;
    EXPECT_TRUE(server.messages().empty());
    std::string log = server.log();
    EXPECT_FALSE(has(log, ">> b'AUTH")) << log;
    EXPECT_TRUE(has(log, ">> b'EHLO")) << log;
    EXPECT_FALSE(has(log, "s3cret")) << log;
}

}  // namespace
}  // namespace colloq::mail
