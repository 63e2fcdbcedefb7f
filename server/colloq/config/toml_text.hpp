#pragma once
// The configuration's text as toml++ 3.3 may safely read it.
//
// toml++ 3.3 reaches __builtin_unreachable when it asks whether some characters outside ASCII
// (U+00A1-U+0499, U+FBC6-U+FEFE) are whitespace, which it does outside strings and on some
// error paths (fixed in toml++ 3.4). So every character from U+0080 to U+FFFF is moved to
// plane 15 (U+F0080-U+FFFFF, private use, never whitespace) before toml++ reads the text,
// and moved back in every string read from it.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace colloq::config {

// The line (from 1) of a character of plane 15 in the original text: the shielding could not
// tell it from a moved one, and no configuration has a use for it.
std::optional<std::size_t> plane_15_character(std::string_view text);

std::string shield_for_toml(std::string_view text);
std::string unshield(std::string_view text);

}  // namespace colloq::config
