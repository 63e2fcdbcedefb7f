#pragma once
// A check of the configuration's raw text before toml++ reads it.
#include <cstddef>
#include <optional>
#include <string_view>

namespace colloq::config {

// The line (from 1) of the first byte outside ASCII that is neither in a quoted string nor in a
// comment, if any. TOML allows none there, and toml++ 3.3 reaches __builtin_unreachable on some
// of them (U+00A1-U+0499, U+FC06-U+FEFE; fixed in 3.4), so they are refused before it reads.
std::optional<std::size_t> non_ascii_outside_strings(std::string_view text);

}  // namespace colloq::config
