#include "http_client.hpp"

#include <csignal>
#include <stdexcept>

#include <curl/curl.h>
#include <gtest/gtest.h>

namespace colloq_it {

namespace {

// libcurl's global state is set up once, before any test thread exists. Writes to a
// socket the peer has closed must give an error, not kill the test binary.
struct curl_global {
    curl_global() {
        std::signal(SIGPIPE, SIG_IGN);
        curl_global_init(CURL_GLOBAL_ALL);
    }
    ~curl_global() { curl_global_cleanup(); }
};
const curl_global global_setup;

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
    static_cast<std::string*>(user)->append(data, size * count);
    return size * count;
}

std::string lower(std::string s) {
    for (char& c : s)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return s;
}

std::string trim(const std::string& s) {
    auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string::npos) return {};
    auto e = s.find_last_not_of(" \t\r\n");
    return s.substr(b, e - b + 1);
}

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
    auto& headers = *static_cast<std::map<std::string, std::string>*>(user);
    std::string line(data, size * count);
    if (line.rfind("HTTP/", 0) == 0) {
        headers.clear();  // a new response (after 100 Continue): keep only the final one
        return size * count;
    }
    auto colon = line.find(':');
    if (colon != std::string::npos)
        headers[lower(trim(line.substr(0, colon)))] = trim(line.substr(colon + 1));
    return size * count;
}

struct slist_deleter {
    void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};

}  // namespace

std::string http_response::header(const std::string& lowercase_name) const {
    auto it = headers.find(lowercase_name);
    return it == headers.end() ? std::string() : it->second;
}

boost::json::value http_response::json() const {
    try {
        return parse_json(body);
    } catch (const std::exception& e) {
        ADD_FAILURE() << "response (status " << status << ") is not JSON: " << e.what();
        return nullptr;
    }
}

boost::json::value parse_json(const std::string& text) {
    boost::system::error_code ec;
    boost::json::value v = boost::json::parse(text, ec);
    if (ec) throw std::runtime_error(ec.message() + " in: " + text.substr(0, 500));
    return v;
}

std::string json_text(const boost::json::value& v) { return boost::json::serialize(v); }

std::string form_encode(const std::string& value) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : value) {
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
            c == '.' || c == '_' || c == '~') {
            out += static_cast<char>(c);
        } else if (c == ' ') {
            out += '+';
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

http_client::http_client(std::string base_url, long timeout_seconds)
    : base_url_(std::move(base_url)), timeout_seconds_(timeout_seconds), handle_(curl_easy_init()) {
    if (!handle_) throw std::runtime_error("curl_easy_init failed");
}

http_client::~http_client() { curl_easy_cleanup(static_cast<CURL*>(handle_)); }

http_response http_client::get(const std::string& path, const header_list& headers) {
    return request("GET", path, {}, headers);
}

http_response http_client::post_json(const std::string& path, const boost::json::value& body,
                                     const header_list& headers) {
    return post_raw(path, json_text(body), "application/json", headers);
}

http_response http_client::patch_json(const std::string& path, const boost::json::value& body,
                                      const header_list& headers) {
    header_list all = headers;
    all.emplace_back("Content-Type", "application/json");
    return request("PATCH", path, json_text(body), all);
}

http_response http_client::post_form(const std::string& path, const form_fields& fields,
                                     const header_list& headers) {
    std::string body;
    for (const auto& [name, value] : fields) {
        if (!body.empty()) body += '&';
        body += form_encode(name) + '=' + form_encode(value);
    }
    return post_raw(path, body, "application/x-www-form-urlencoded", headers);
}

http_response http_client::post_raw(const std::string& path, const std::string& bytes,
                                    const std::string& content_type, const header_list& headers) {
    header_list all = headers;
    all.emplace_back("Content-Type", content_type);
    return request("POST", path, bytes, all);
}

http_response http_client::request(const std::string& method, const std::string& path,
                                   const std::string& body, const header_list& headers) {
    CURL* h = static_cast<CURL*>(handle_);
    curl_easy_reset(h);  // keeps the connection cache: keep-alive across requests

    http_response r;
    std::string url = base_url_ + path;
    curl_easy_setopt(h, CURLOPT_URL, url.c_str());
    curl_easy_setopt(h, CURLOPT_PATH_AS_IS, 1L);
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_TIMEOUT, timeout_seconds_);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, 10L);
    curl_easy_setopt(h, CURLOPT_NOPROXY, "*");
    std::string local = "host!" + local_address_;
    if (!local_address_.empty()) curl_easy_setopt(h, CURLOPT_INTERFACE, local.c_str());
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &r.body);
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, &r.headers);

    if (method == "GET") {
        curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
    } else {
        if (method == "POST") {
            curl_easy_setopt(h, CURLOPT_POST, 1L);
        } else {
            curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method.c_str());
        }
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, body.data());
        curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
    }

    // No "Expect: 100-continue" unless a test asks for it: it would add a second of delay.
    bool has_expect = false;
    std::unique_ptr<curl_slist, slist_deleter> list;
    for (const auto& [name, value] : headers) {
        if (lower(name) == "expect") has_expect = true;
        std::string line = name + ": " + value;
        list.reset(curl_slist_append(list.release(), line.c_str()));
    }
    if (!has_expect) list.reset(curl_slist_append(list.release(), "Expect:"));
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, list.get());

    CURLcode rc = curl_easy_perform(h);
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &r.status);
    if (rc != CURLE_OK) r.transport_error = curl_easy_strerror(rc);
    return r;
}

}  // namespace colloq_it
