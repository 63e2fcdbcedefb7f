#pragma once
// RFC 4648 base32: upper case, no padding. Its alphabet lies inside the QR
// alphanumeric set, so a ticket in this form makes a small QR code.
#include <optional>
#include <string>
#include <string_view>

namespace colloq::tickets {

std::string base32_encode(std::string_view bytes);

// Accepts lower case and ignores white space around the text; nullopt for any
// other character, for padding, and for a text no encoder would produce
// (impossible length, non-zero unused bits), so each byte string has one text.
std::optional<std::string> base32_decode(std::string_view text);

}  // namespace colloq::tickets
