#include "colloq/config/toml_text.hpp"

namespace colloq::config {

namespace {

constexpr char32_t plane_15 = 0xF0000;

// The code point of a well-formed UTF-8 sequence at text[i] and its length; nullopt for a
// byte that starts none (toml++ reports those itself).
std::optional<std::pair<char32_t, std::size_t>> decode(std::string_view text, std::size_t i) {
    auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    unsigned char b = byte(i);
    std::size_t length = b < 0x80 ? 1 : (b & 0xE0) == 0xC0 ? 2 : (b & 0xF0) == 0xE0 ? 3 : (b & 0xF8) == 0xF0 ? 4 : 0;
    if (length == 0 || i + length > text.size()) return std::nullopt;
    char32_t c = length == 1 ? b : length == 2 ? (b & 0x1F) : length == 3 ? (b & 0x0F) : (b & 0x07);
    for (std::size_t k = 1; k < length; ++k) {
        if ((byte(i + k) & 0xC0) != 0x80) return std::nullopt;
        c = (c << 6) | (byte(i + k) & 0x3F);
    }
    static constexpr char32_t smallest[] = {0, 0, 0x80, 0x800, 0x10000};
    if (c < smallest[length] || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) return std::nullopt;
    return std::pair{c, length};
}

void encode(char32_t c, std::string& out) {
    if (c < 0x80) {
        out += static_cast<char>(c);
    } else if (c < 0x800) {
        out += static_cast<char>(0xC0 | (c >> 6));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
        out += static_cast<char>(0xE0 | (c >> 12));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (c >> 18));
        out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    }
}

// Each well-formed character through `map`; every other byte as it is.
template <typename Map>
std::string each_character(std::string_view text, Map map) {
    std::string out;
    out.reserve(text.size() + text.size() / 2);
    for (std::size_t i = 0; i < text.size();) {
        auto decoded = decode(text, i);
        if (!decoded) {
            out += text[i++];
            continue;
        }
        encode(map(decoded->first), out);
        i += decoded->second;
    }
    return out;
}

}  // namespace

std::optional<std::size_t> plane_15_character(std::string_view text) {
    std::size_t line = 1;
    for (std::size_t i = 0; i < text.size();) {
        if (text[i] == '\n') ++line;
        auto decoded = decode(text, i);
        if (decoded && decoded->first >= plane_15 && decoded->first < plane_15 + 0x10000) return line;
        i += decoded ? decoded->second : 1;
    }
    return std::nullopt;
}

std::string shield_for_toml(std::string_view text) {
    return each_character(text, [](char32_t c) { return c >= 0x80 && c <= 0xFFFF ? plane_15 + c : c; });
}

std::string unshield(std::string_view text) {
    return each_character(text, [](char32_t c) {
        return c >= plane_15 + 0x80 && c <= plane_15 + 0xFFFF ? c - plane_15 : c;
    });
}

}  // namespace colloq::config
