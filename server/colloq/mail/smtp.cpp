#include "colloq/mail/smtp.hpp"

#include <algorithm>
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

}  // namespace

struct smtp_client::handle {
    easy_ptr curl{nullptr, &curl_easy_cleanup};
    std::string url;
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
    // smtps:// is TLS from the first byte; smtp:// upgrades with STARTTLS when the server offers it.
    if (handle_->url.rfind("smtp://", 0) == 0) curl_easy_setopt(c, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_TRY));
}

smtp_client::~smtp_client() = default;
smtp_client::smtp_client(smtp_client&&) noexcept = default;
smtp_client& smtp_client::operator=(smtp_client&&) noexcept = default;

send_result smtp_client::send(const std::string& from_address, const std::string& to_address,
                              const std::string& message) {
    if (!is_safe_address(from_address)) return {false, true, "invalid sender address: " + from_address};
    if (!is_safe_address(to_address)) return {false, true, "invalid recipient address: " + to_address};

    CURL* c = handle_->curl.get();
    slist_ptr recipients(curl_slist_append(nullptr, to_address.c_str()), &curl_slist_free_all);
    if (!recipients) return {false, false, "out of memory"};
    upload body{message};
    handle_->error[0] = '\0';
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

    if (code == CURLE_OK) return {true, false, ""};
    send_result r;
    // A refused login is the server's configuration, not this email's: worth retrying once it is fixed.
    r.permanent = reply >= 500 && code != CURLE_LOGIN_DENIED;
    r.error = handle_->error[0] ? handle_->error : curl_easy_strerror(code);
    if (reply > 0) r.error = "SMTP " + std::to_string(reply) + ": " + r.error;
    return r;
}

}  // namespace colloq::mail
