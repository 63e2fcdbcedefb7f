#include "colloq/mail/smtp.hpp"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <mutex>
#include <stdexcept>
#include <string_view>

#include <curl/curl.h>

namespace colloq::mail {

namespace {

using easy_ptr = std::unique_ptr<CURL, decltype(&curl_easy_cleanup)>;
using slist_ptr = std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)>;

void init_curl() {
    static std::once_flag once;
    std::call_once(once, [] {
        if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
            throw std::runtime_error("libcurl could not be initialised");
    });
}

// The bytes still to upload; libcurl pulls them through read_message.
struct upload {
    std::string_view rest;
};

std::size_t read_message(char* buffer, std::size_t size, std::size_t count, void* user) {
    auto* u = static_cast<upload*>(user);
    std::size_t n = std::min(size * count, u->rest.size());
    std::memcpy(buffer, u->rest.data(), n);
    u->rest.remove_prefix(n);
    return n;
}

// An address goes into the MAIL FROM and RCPT TO commands as it is: a line break
// or a bracket would let it write another command.
bool is_safe_address(std::string_view a) {
    if (a.empty() || a.size() > 320) return false;
    return std::none_of(a.begin(), a.end(), [](char c) {
        auto u = static_cast<unsigned char>(c);
        return u <= 0x20 || u == 0x7F || c == '<' || c == '>';
    });
}

// Keeps the verb of each command sent (the rest of an AUTH line is a password): which
// command a refusal answers says whose fault it is.
int note_command(CURL*, curl_infotype type, char* data, std::size_t size, void* user) {
    if (type != CURLINFO_HEADER_OUT) return 0;
    std::string_view line(data, size);
    std::string verb(line.substr(0, line.find_first_of(" \r\n")));
    for (char& c : verb) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    // QUIT and RSET follow a refusal: the command refused is the one before.
    if (verb != "QUIT" && verb != "RSET") *static_cast<std::string*>(user) = std::move(verb);
    return 0;
}

}  // namespace

failure classify(int curl_code, long reply, const std::string& last_command) {
    if (curl_code == CURLE_OK) return failure::none;
    // 421: the service closes; 530: TLS or a login is required first; a refused login: every
    // e-mail would meet the same answer.
    if (curl_code == CURLE_LOGIN_DENIED || reply == 421 || reply == 530) return failure::server;
    bool for_this_message = last_command == "RCPT" || last_command == "DATA";
    if (for_this_message && reply >= 400 && reply < 500) return failure::deferred;
    if ((for_this_message || last_command == "MAIL") && reply >= 500 && reply < 600) return failure::permanent;
    return failure::server;
}

bool has_credentials(const std::string& url) {
    CURLU* u = curl_url();
    if (!u) return true;
    bool with = url.find('@') != std::string::npos;  // when the URL cannot be parsed: assume so
    if (curl_url_set(u, CURLUPART_URL, url.c_str(), 0) == CURLUE_OK) {
        with = false;
        for (CURLUPart part : {CURLUPART_USER, CURLUPART_PASSWORD, CURLUPART_OPTIONS}) {
            char* value = nullptr;
            if (curl_url_get(u, part, &value, 0) == CURLUE_OK && value && *value) with = true;
            curl_free(value);
        }
    }
    curl_url_cleanup(u);
    return with;
}

struct smtp_client::handle {
    easy_ptr curl{nullptr, &curl_easy_cleanup};
    std::string url;
    bool credentials = false;
    std::string last_command;
    char error[CURL_ERROR_SIZE] = {};
};

smtp_client::smtp_client(std::string url, std::chrono::seconds timeout) : handle_(std::make_unique<handle>()) {
    init_curl();
    handle_->url = std::move(url);
    handle_->curl.reset(curl_easy_init());
    CURL* c = handle_->curl.get();
    if (!c) throw std::runtime_error("libcurl could not create a handle");
    long seconds = static_cast<long>(std::max<std::chrono::seconds::rep>(timeout.count(), 1));
    curl_easy_setopt(c, CURLOPT_URL, handle_->url.c_str());
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, seconds);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, seconds);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, handle_->error);
    curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(c, CURLOPT_READFUNCTION, read_message);
    curl_easy_setopt(c, CURLOPT_VERBOSE, 1L);  // feeds note_command; nothing is printed
    curl_easy_setopt(c, CURLOPT_DEBUGFUNCTION, note_command);
    curl_easy_setopt(c, CURLOPT_DEBUGDATA, &handle_->last_command);
    // smtps:// is TLS from the first byte; smtp:// upgrades with STARTTLS when the server offers
    // it, and must when the URL holds a user or password: they never cross in clear.
    handle_->credentials = has_credentials(handle_->url);
    if (handle_->url.rfind("smtp://", 0) == 0)
        curl_easy_setopt(c, CURLOPT_USE_SSL,
                         static_cast<long>(handle_->credentials ? CURLUSESSL_ALL : CURLUSESSL_TRY));
}

smtp_client::~smtp_client() = default;
smtp_client::smtp_client(smtp_client&&) noexcept = default;
smtp_client& smtp_client::operator=(smtp_client&&) noexcept = default;

send_result smtp_client::send(const std::string& from_address, const std::string& to_address,
                              const std::string& message) {
    if (!is_safe_address(from_address)) return {false, failure::permanent, "invalid sender address: " + from_address};
    if (!is_safe_address(to_address)) return {false, failure::permanent, "invalid recipient address: " + to_address};

    CURL* c = handle_->curl.get();
    slist_ptr recipients(curl_slist_append(nullptr, to_address.c_str()), &curl_slist_free_all);
    if (!recipients) return {false, failure::server, "out of memory"};
    upload body{message};
    handle_->error[0] = '\0';
    handle_->last_command.clear();
    curl_easy_setopt(c, CURLOPT_MAIL_FROM, from_address.c_str());
    curl_easy_setopt(c, CURLOPT_MAIL_RCPT, recipients.get());
    curl_easy_setopt(c, CURLOPT_READDATA, &body);
    curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(message.size()));

    CURLcode code = curl_easy_perform(c);
    long reply = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &reply);
    // The options point at this call's locals: clear them before they go.
    curl_easy_setopt(c, CURLOPT_MAIL_RCPT, nullptr);
    curl_easy_setopt(c, CURLOPT_READDATA, nullptr);

    if (code == CURLE_OK) return {true, failure::none, ""};
    send_result r;
    r.kind = classify(code, reply, handle_->last_command);
    r.error = handle_->error[0] ? handle_->error : curl_easy_strerror(code);
    if (code == CURLE_USE_SSL_FAILED && handle_->credentials)
        r.error = "the SMTP server offers no STARTTLS; the user and password of smtp_url are only sent over TLS (" +
                  r.error + ")";
    if (reply > 0) r.error = "SMTP " + std::to_string(reply) + ": " + r.error;
    return r;
}

}  // namespace colloq::mail
