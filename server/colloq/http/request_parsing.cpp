#include "colloq/http/request_parsing.hpp"

#include <algorithm>

#include <cctype>
#include <charconv>
#include <cstdint>
#include <iterator>
#include <string_view>

#include <boost/beast/core/string.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/scheme.hpp>

#include "colloq/api/json_io.hpp"

namespace colloq::http {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;

namespace {

// Some clients send characters a URL may not hold (a raw "|", "^" or space in a query, bytes of
// UTF-8): they are percent-encoded first, as a browser would have sent them.
std::string with_stray_characters_encoded(std::string_view target) {
    static constexpr std::string_view allowed = "-._~!$&'()*+,;=:@/?%";
    std::string out;
    out.reserve(target.size());
    for (char ch : target) {
        auto c = static_cast<unsigned char>(ch);
        if (std::isalnum(c) || allowed.find(ch) != std::string_view::npos) {
            out += ch;
        } else {
            static constexpr char hex[] = "0123456789ABCDEF";
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 0x0f];
        }
    }
    return out;
}

// The target's path and query (origin-form), and its authority when it came in absolute-form
// (RFC 9112, 3.2.2: "GET http://host/healthz", as sent to a proxy); nothing when it is neither.
struct origin_target {
    std::string path_and_query;
    std::optional<std::string> authority;
};
std::optional<origin_target> origin_of(std::string_view target) {
    if (target.starts_with('/')) return origin_target{std::string(target), std::nullopt};
    auto absolute = boost::urls::parse_absolute_uri(target);
    std::string encoded;
    if (!absolute) {
        encoded = with_stray_characters_encoded(target);
        absolute = boost::urls::parse_absolute_uri(encoded);
    }
    if (!absolute || !absolute->has_authority() || absolute->has_userinfo()) return std::nullopt;
    auto scheme = absolute->scheme_id();
    if (scheme != boost::urls::scheme::http && scheme != boost::urls::scheme::https) return std::nullopt;
    origin_target out;
    out.path_and_query = absolute->encoded_path().empty() ? "/" : std::string(absolute->encoded_path());
    if (absolute->has_query()) out.path_and_query.append("?").append(absolute->encoded_query());
    out.authority = std::string(absolute->encoded_host_and_port());
    return out;
}

}  // namespace

std::optional<api::request> to_api_request(beast_request& req, const std::string& remote) {
    api::request out;
    out.method = std::string(req.method_string());
    for (const auto& field : req) {
        std::string name(field.name_string());
        for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        auto [it, fresh] = out.headers.try_emplace(std::move(name), field.value());
        // A list sent over several lines is one list (RFC 9110, 5.3); other fields: the last wins.
        if (fresh) continue;
        if (it->first == "accept-encoding")
            it->second.append(", ").append(field.value());
        else
            it->second = std::string(field.value());
    }
    auto origin = origin_of(req.target());
    if (!origin) return std::nullopt;
    // RFC 9112, 3.2.2: with an absolute-form target, its authority is the host, whatever Host says.
    if (origin->authority) out.headers["host"] = *origin->authority;
    auto target = boost::urls::parse_origin_form(origin->path_and_query);
    std::string encoded;
    if (!target) {
        encoded = with_stray_characters_encoded(origin->path_and_query);
        target = boost::urls::parse_origin_form(encoded);
        if (!target) return std::nullopt;
    }
    for (auto segment : target->segments()) out.segments.push_back(std::string(segment));
    for (auto param : target->params()) out.query.emplace_back(param.key, param.value);
    if (!out.segments.empty() && out.segments.back().empty()) out.segments.pop_back();  // "/p/x/" = "/p/x"
    out.body = std::move(req.body());
    out.remote_address = remote;
    return out;
}

// RFC 9112, 3.2: an HTTP/1.1 request without Host, or any request with more than one Host or
// one that is not a host and port, gets 400. HTTP/1.0 may leave it out.
bool host_acceptable(const beast_request& req) {
    auto [first, last] = req.equal_range(bhttp::field::host);
    if (first == last) return req.version() < 11;
    if (std::next(first) != last) return false;
    std::string_view value = first->value();
    if (value.empty()) return true;  // a target without authority
    auto authority = boost::urls::parse_authority(value);
    return authority && !authority->has_userinfo();
}

bool wants_large_body(const beast_request& req, const config::server_settings& settings) {
    bool credentials = req.count(bhttp::field::authorization) || req.count(bhttp::field::cookie);
    if (!credentials || req.method() != bhttp::verb::post || req.target().rfind("/api/imports/", 0) != 0) return false;
    // A body announced within the usual limit takes no place; a chunked one may grow past it.
    auto length = req.find(bhttp::field::content_length);
    if (length == req.end()) return req.count(bhttp::field::transfer_encoding) > 0;
    std::uint64_t n = 0;
    auto v = length->value();
    auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
    return ec != std::errc() || end != v.data() + v.size() || n > settings.body_limit;
}

void apply_limits(request_parser& parser, const config::server_settings& settings) {
    parser.header_limit(static_cast<std::uint32_t>(settings.header_limit));
    parser.body_limit(std::max(settings.body_limit, large_body_limit));
}

std::size_t body_limit_for(const beast_request& req, const config::server_settings& settings) {
    return wants_large_body(req, settings) ? std::max(settings.body_limit, large_body_limit) : settings.body_limit;
}

bool limit_body(request_parser& parser, std::size_t limit) {
    if (auto length = parser.content_length(); length && *length > limit) return false;
    parser.body_limit(limit);
    return true;
}

// RFC 9112, 6: "chunked" is the only transfer coding read here, and only alone. Beside a
// Content-Length, or in HTTP/1.0, the framing cannot be trusted. Either refusal closes the
// connection, so that nothing of such a body is ever read as a request.
std::optional<api::response> framing_refusal(const beast_request& req) {
    auto [first, last] = req.equal_range(bhttp::field::transfer_encoding);
    if (first == last) return std::nullopt;
    if (req.count(bhttp::field::content_length) || req.version() < 11)
        return api::json_error(400, "bad_request", "La requête HTTP est mal formée.");
    std::string codings;
    for (auto it = first; it != last; ++it) {
        if (!codings.empty()) codings += ',';
        codings += std::string(it->value());
    }
    auto b = codings.find_first_not_of(" \t"), e = codings.find_last_not_of(" \t");
    if (b != std::string::npos && beast::iequals(std::string_view(codings).substr(b, e - b + 1), "chunked"))
        return std::nullopt;
    return api::json_error(501, "not_implemented",
                           "Cet encodage de transfert n'est pas pris en charge : envoyez le corps tel quel ou en « chunked ».");
}

}  // namespace colloq::http
