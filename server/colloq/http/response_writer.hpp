#pragma once
// Serialises a response into the bytes sent on the wire, headers and body in one buffer:
// one write, one system call, no per-field allocation.
#include <string>

#include "colloq/api/message.hpp"

namespace colloq::http {

// `version` is 10 or 11. Header values with CR or LF are dropped (no header injection).
std::string serialize_response(api::response&& r, unsigned version, bool keep_alive);

}  // namespace colloq::http
