#include "colloq/http/response_writer.hpp"

#include <boost/beast/http/status.hpp>

#include "colloq/http/http_date.hpp"

namespace colloq::http {

namespace {

// Headers every answer carries: no sniffing, no referrer (manage links carry a secret in
// their path), no framing.
constexpr std::string_view security_headers =
    "X-Content-Type-Options: nosniff\r\n"
    "Referrer-Policy: no-referrer\r\n";
// Documents get the full policy: no inline script, nothing from elsewhere.
constexpr std::string_view page_policy =
    "X-Frame-Options: DENY\r\n"
    "Content-Security-Policy: default-src 'self'; script-src 'self'; style-src 'self'; "
    "img-src 'self' data: blob:; connect-src 'self'; media-src 'self' blob:; worker-src 'self'; "
    "manifest-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'\r\n";
// Anything else (JSON, files) runs nothing and may not be framed.
constexpr std::string_view data_policy = "Content-Security-Policy: default-src 'none'; frame-ancestors 'none'\r\n";

bool safe_header_text(std::string_view s) {
    return s.find_first_of("\r\n") == std::string_view::npos;
}

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
            return false;
    return true;
}

// Status line and headers, up to the blank line excluded; the body framing is the caller's.
void write_head(std::string& out, const api::response& r, unsigned version, bool keep_alive, bool with_content_type) {
    out += version == 10 ? "HTTP/1.0 " : "HTTP/1.1 ";
    out += std::to_string(r.status);
    out += ' ';
    auto reason = boost::beast::http::obsolete_reason(static_cast<boost::beast::http::status>(r.status));
    out.append(reason.data(), reason.size());
    out += "\r\n";
    // RFC 9110, 6.6.1: an origin server with a clock sends the Date of every response.
    out += "Date: ";
    out += http_date_now();
    out += "\r\n";
    if (with_content_type && safe_header_text(r.content_type)) {
        out += "Content-Type: ";
        out += r.content_type;
        out += "\r\n";
    }
    bool cache_set = false;
    for (const auto& [name, value] : r.headers) {
        if (!safe_header_text(name) || !safe_header_text(value) || name.empty()) continue;
        if (iequals(name, "Cache-Control")) cache_set = true;
        out += name;
        out += ": ";
        out += value;
        out += "\r\n";
    }
    if (!cache_set) out += "Cache-Control: no-store\r\n";
    out += security_headers;
    // Scripts run under their own response's policy (workers, the service worker): they get the page's.
    bool document = r.content_type.rfind("text/html", 0) == 0 || r.content_type.rfind("text/javascript", 0) == 0;
    out += document ? page_policy : data_policy;
    if (version == 10 && keep_alive) out += "Connection: keep-alive\r\n";
    if (version != 10 && !keep_alive) out += "Connection: close\r\n";
}

}  // namespace

std::string serialize_response(api::response&& r, unsigned version, bool keep_alive, bool head_only) {
    bool no_body = r.status == 304 || r.status == 204 || (r.status >= 100 && r.status < 200);
    std::string out;
    out.reserve(640 + r.body.size());
    write_head(out, r, version, keep_alive, !no_body);
    if (no_body) {
        out += "\r\n";
        return out;
    }
    out += "Content-Length: ";
    out += std::to_string(r.body.size());
    out += "\r\n\r\n";
    if (!head_only) out += r.body;
    return out;
}

std::string serialize_head(const api::response& r, unsigned version, bool keep_alive) {
    std::string out;
    write_head(out, r, version, version != 10 && keep_alive, true);
    if (version != 10) out += "Transfer-Encoding: chunked\r\n";
    out += "\r\n";
    return out;
}

std::string chunk(std::string_view data) {
    char size[20];
    std::snprintf(size, sizeof size, "%zx\r\n", data.size());
    std::string out = size;
    out += data;
    out += "\r\n";
    return out;
}

}  // namespace colloq::http
