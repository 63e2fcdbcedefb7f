#pragma once
// Whether the badge can print a text: every character must be in one of the installed fonts
// (Pango falls back from DejaVu Sans to any of them); one that none has would print as a box
// of hex digits, so such a name is refused at registration instead.
#include <optional>
#include <string_view>

namespace colloq::domain {

// The first character no installed font has, or nothing. Variation selectors, which select a
// glyph rather than have one, are never counted. The fonts are read once, on the first call.
std::optional<char32_t> first_unprintable(std::string_view utf8);

}  // namespace colloq::domain
