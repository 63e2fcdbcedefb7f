#include "colloq/http/request_parsing.hpp"

#include <cctype>
#include <string_view>

#include <boost/beast/core/string.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/url/parse.hpp>

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

}  // namespace

std::optional<api::request> to_api_request(beast_request& req, const std::string& remote) {
    api::request out;
    out.method = std::string(req.method_string());
    for (const auto& field : req) {
        std::string name(field.name_string());
        for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        out.headers[std::move(name)] = std::string(field.value());
    }
    auto target = boost::urls::parse_origin_form(req.target());
    std::string encoded;
    if (!target) {
        encoded = with_stray_characters_encoded(req.target());
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

void apply_limits(request_parser& parser, const config::server_settings& settings) {
    parser.header_limit(static_cast<std::uint32_t>(settings.header_limit));
    parser.body_limit(settings.body_limit);
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
