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

// The invitees' CSV files (POST /api/imports/… with credentials) may be larger than [server]
// body_limit: up to this, once the router's gate has checked the credential and given the
// request a place (api/large_body_places.hpp), so that the memory such bodies take stays
// bounded whoever sends them. A body announced within body_limit needs no place.
inline constexpr std::size_t large_body_limit = 4 * 1024 * 1024;
bool wants_large_body(const beast_request& req, const config::server_settings& settings);

// The header limit of [server], and a body limit high enough for any request's header to be
// read; once it is, limit_body() sets the request's own.
void apply_limits(request_parser& parser, const config::server_settings& settings);
// The body limit of a request, a large body's when it wants one and was given a place.
std::size_t body_limit_for(const beast_request& req, const config::server_settings& settings);
// False when the body the header announces is past `limit` (the answer is then 413); otherwise
// the limit holds for the rest of the body, chunked or not.
bool limit_body(request_parser& parser, std::size_t limit);

// RFC 9112, 6: a request whose framing cannot be trusted gets this answer, then the connection closes.
std::optional<api::response> framing_refusal(const beast_request& req);

// Nothing when the target cannot be read as a path and a query, even once encoded. An
// absolute-form target ("GET http://host/path") is routed by its path, its authority as Host.
std::optional<api::request> to_api_request(beast_request& req, const std::string& remote);

// RFC 9112, 3.2: false for an HTTP/1.1 request without Host, more than one Host, or a Host
// that is not a host and port (the request then gets 400).
bool host_acceptable(const beast_request& req);

}  // namespace colloq::http
