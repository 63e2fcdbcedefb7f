#pragma once
// How the server reads one request: the parser's limits, the framing it refuses, and the
// translation into an api::request. Beast inside: included by http/server.cpp and by the HTTP
// fuzzer (tests/fuzz), which runs the same steps without a socket.
#include <optional>
#include <string>

#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include "colloq/api/message.hpp"
#include "colloq/config/config.hpp"

namespace colloq::http {

using beast_request = boost::beast::http::request<boost::beast::http::string_body>;
using request_parser = boost::beast::http::request_parser<boost::beast::http::string_body>;

// The header and body limits of [server].
void apply_limits(request_parser& parser, const config::server_settings& settings);

// RFC 9112, 6: a request whose framing cannot be trusted gets this answer, then the connection closes.
std::optional<api::response> framing_refusal(const beast_request& req);

// Nothing when the target cannot be read as a path and a query, even once encoded. An
// absolute-form target ("GET http://host/path") is routed by its path, its authority as Host.
std::optional<api::request> to_api_request(beast_request& req, const std::string& remote);

// RFC 9112, 3.2: false for an HTTP/1.1 request without Host, more than one Host, or a Host
// that is not a host and port (the request then gets 400).
bool host_acceptable(const beast_request& req);

}  // namespace colloq::http
