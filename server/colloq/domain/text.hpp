#pragma once
// Text checks shared by validation, templates and exports.
#include <cstddef>
#include <string>
#include <string_view>

namespace colloq::domain {

bool is_valid_utf8(std::string_view s);
std::size_t count_code_points(std::string_view s);  // of valid UTF-8
// Control characters (C0, DEL, C1) and the Unicode line and paragraph separators.
bool has_control_characters(std::string_view s);
// Characters that change how the text around them reads without showing themselves: the
// bidirectional controls (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C) and the
// zero-width ones (U+200B–U+200D, U+2060, U+FEFF). « Dupont\u202Eelleb » reads « Dupontbelle ».
bool has_invisible_formatting(std::string_view s);
// An RFC 2047 encoded word ("=?utf-8?B?...?="), which a mail reader would decode into other
// text in a header: « =?utf-8?B?QWRtaW4=?= » shows as « Admin ».
bool has_encoded_word(std::string_view s);
// Trims ASCII white space and no-break spaces at both ends.
std::string trim(std::string_view s);
std::string to_lower_ascii(std::string_view s);
std::string html_escape(std::string_view s);
// Lower case without accents (« Étienne Œuvray » → « etienne oeuvray »), for searching.
std::string search_key(std::string_view s);

}  // namespace colloq::domain
