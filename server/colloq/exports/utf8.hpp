#pragma once
// The exports declare UTF-8 (CSV BOM, XLSX XML, Pango): bytes that are not
// UTF-8 would make the whole file unreadable, so they become U+FFFD.
#include <string>
#include <string_view>

namespace colloq::exports {

std::string valid_utf8(std::string_view text);

}  // namespace colloq::exports
