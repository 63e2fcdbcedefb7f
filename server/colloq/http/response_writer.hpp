#pragma once
// Serialises a response into the bytes sent on the wire, headers and body in one buffer:
// one write, one system call, no per-field allocation.
#include <string>

#include "colloq/api/message.hpp"

namespace colloq::http {

// `version` is 10 or 11. Header values with CR or LF are dropped (no header injection).
// `head_only` (an answer to HEAD) keeps the headers, Content-Length included, without the body.
std::string serialize_response(api::response&& r, unsigned version, bool keep_alive, bool head_only = false);

// The status line and headers of a response whose body follows in chunks (HTTP/1.1), or
// until the connection closes (HTTP/1.0).
std::string serialize_head(const api::response& r, unsigned version, bool keep_alive);
// One chunk of a chunked body; an empty `data` gives the last chunk.
std::string chunk(std::string_view data);

}  // namespace colloq::http
