#include "colloq/domain/text.hpp"

namespace colloq::domain {

namespace {

// Decodes one code point at s[i]; returns its length, or 0 when the bytes are not UTF-8.
std::size_t decode(std::string_view s, std::size_t i, char32_t& cp) {
    auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[i + k]); };
    unsigned char c = b(0);
    std::size_t len;
    if (c < 0x80) { cp = c; return 1; }
    if ((c & 0xE0) == 0xC0) { len = 2; cp = c & 0x1F; }
    else if ((c & 0xF0) == 0xE0) { len = 3; cp = c & 0x0F; }
    else if ((c & 0xF8) == 0xF0) { len = 4; cp = c & 0x07; }
    else return 0;
    if (i + len > s.size()) return 0;
    for (std::size_t k = 1; k < len; ++k) {
        if ((b(k) & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (b(k) & 0x3F);
    }
    static constexpr char32_t smallest[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < smallest[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    return len;
}

}  // namespace

bool is_valid_utf8(std::string_view s) {
    char32_t cp;
    for (std::size_t i = 0; i < s.size();) {
        std::size_t n = decode(s, i, cp);
        if (!n) return false;
        i += n;
    }
    return true;
}

std::size_t count_code_points(std::string_view s) {
    std::size_t n = 0;
    for (unsigned char c : s)
        if ((c & 0xC0) != 0x80) ++n;
    return n;
}

bool has_control_characters(std::string_view s) {
    char32_t cp;
    for (std::size_t i = 0; i < s.size();) {
        std::size_t n = decode(s, i, cp);
        if (!n) return true;
        if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029) return true;
        i += n;
    }
    return false;
}

bool has_encoded_word(std::string_view s) {
    auto plain = [](char c) { return c != '?' && c != ' ' && c != '\t'; };
    for (auto start = s.find("=?"); start != std::string_view::npos; start = s.find("=?", start + 1)) {
        // =? charset ? B|Q ? text ?=
        std::size_t i = start + 2, charset = i;
        while (i < s.size() && plain(s[i])) ++i;
        if (i == charset || i + 2 >= s.size() || s[i] != '?') continue;
        char coding = s[i + 1];
        if ((coding != 'B' && coding != 'b' && coding != 'Q' && coding != 'q') || s[i + 2] != '?') continue;
        i += 3;
        while (i < s.size() && plain(s[i])) ++i;
        if (s.substr(i, 2) == "?=") return true;
    }
    return false;
}

bool has_invisible_formatting(std::string_view s) {
    char32_t cp;
    for (std::size_t i = 0; i < s.size();) {
        std::size_t n = decode(s, i, cp);
        if (!n) return false;  // not UTF-8: has_control_characters says so
        if ((cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E || cp == 0x200F ||
            cp == 0x061C || (cp >= 0x200B && cp <= 0x200D) || cp == 0x2060 || cp == 0xFEFF)
            return true;
        i += n;
    }
    return false;
}

std::string trim(std::string_view s) {
    auto is_space_at_front = [&](std::string_view v) -> std::size_t {
        if (v.empty()) return 0;
        if (v[0] == ' ' || v[0] == '\t' || v[0] == '\n' || v[0] == '\r' || v[0] == '\f' || v[0] == '\v') return 1;
        if (v.size() >= 2 && v.substr(0, 2) == "\xC2\xA0") return 2;               // U+00A0
        if (v.size() >= 3 && v.substr(0, 3) == "\xE2\x80\xAF") return 3;           // U+202F
        return 0;
    };
    auto is_space_at_back = [&](std::string_view v) -> std::size_t {
        if (v.empty()) return 0;
        char c = v.back();
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') return 1;
        if (v.size() >= 2 && v.substr(v.size() - 2) == "\xC2\xA0") return 2;
        if (v.size() >= 3 && v.substr(v.size() - 3) == "\xE2\x80\xAF") return 3;
        return 0;
    };
    while (std::size_t n = is_space_at_front(s)) s.remove_prefix(n);
    while (std::size_t n = is_space_at_back(s)) s.remove_suffix(n);
    return std::string(s);
}

std::string to_lower_ascii(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

std::string search_key(std::string_view s) {
    // Latin-1 Supplement and Latin Extended-A letters, U+00C0 to U+017F, without their accents.
    static constexpr std::string_view folded[] = {
        "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",   // C0
        "d", "n", "o", "o", "o", "o", "o", "*", "o", "u", "u", "u", "u", "y", "th", "ss",  // D0
        "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",   // E0
        "d", "n", "o", "o", "o", "o", "o", "/", "o", "u", "u", "u", "u", "y", "th", "y",   // F0
        "a", "a", "a", "a", "a", "a", "c", "c", "c", "c", "c", "c", "c", "c", "d", "d",    // 100
        "d", "d", "e", "e", "e", "e", "e", "e", "e", "e", "e", "e", "g", "g", "g", "g",    // 110
        "g", "g", "g", "g", "h", "h", "h", "h", "i", "i", "i", "i", "i", "i", "i", "i",    // 120
        "i", "i", "ij", "ij", "j", "j", "k", "k", "k", "l", "l", "l", "l", "l", "l", "l",  // 130
        "l", "l", "l", "n", "n", "n", "n", "n", "n", "n", "n", "n", "o", "o", "o", "o",    // 140
        "o", "o", "oe", "oe", "r", "r", "r", "r", "r", "r", "s", "s", "s", "s", "s", "s",  // 150
        "s", "s", "t", "t", "t", "t", "t", "t", "u", "u", "u", "u", "u", "u", "u", "u",    // 160
        "u", "u", "u", "u", "w", "w", "y", "y", "y", "z", "z", "z", "z", "z", "z", "s"};   // 170
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
            out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : static_cast<char>(c);
            ++i;
            continue;
        }
        if ((c & 0xE0) == 0xC0 && i + 1 < s.size()) {
            char32_t cp = ((c & 0x1F) << 6) | (static_cast<unsigned char>(s[i + 1]) & 0x3F);
            if (cp >= 0xC0 && cp <= 0x17F) {
                out += folded[cp - 0xC0];
                i += 2;
                continue;
            }
        }
        out += s[i++];  // other characters as they are
    }
    return out;
}

std::string html_escape(std::string_view s) {
    std::string out;
    out.reserve(s.size() + s.size() / 8);
    for (char c : s) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            default: out += c;
        }
    }
    return out;
}

}  // namespace colloq::domain
