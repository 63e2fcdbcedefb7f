#include "colloq/domain/printable.hpp"

#include <memory>

#include <fontconfig/fontconfig.h>
#include <glib.h>

namespace colloq::domain {

namespace {

struct charset_free {
    void operator()(FcCharSet* c) const { FcCharSetDestroy(c); }
};
using charset_ptr = std::unique_ptr<FcCharSet, charset_free>;

// The union of every installed font's characters.
charset_ptr installed_characters() {
    charset_ptr all(FcCharSetCreate());
    if (!FcInit()) return all;
    std::unique_ptr<FcPattern, decltype(&FcPatternDestroy)> pattern(FcPatternCreate(), &FcPatternDestroy);
    std::unique_ptr<FcObjectSet, decltype(&FcObjectSetDestroy)> wanted(FcObjectSetBuild(FC_CHARSET, nullptr),
                                                                       &FcObjectSetDestroy);
    std::unique_ptr<FcFontSet, decltype(&FcFontSetDestroy)> fonts(FcFontList(nullptr, pattern.get(), wanted.get()),
                                                                  &FcFontSetDestroy);
    if (!fonts) return all;
    for (int i = 0; i < fonts->nfont; ++i) {
        FcCharSet* chars = nullptr;
        if (FcPatternGetCharSet(fonts->fonts[i], FC_CHARSET, 0, &chars) == FcResultMatch && chars)
            FcCharSetMerge(all.get(), chars, nullptr);
    }
    return all;
}

bool selects_a_glyph(char32_t c) {
    return (c >= 0xFE00 && c <= 0xFE0F) || (c >= 0xE0100 && c <= 0xE01EF);
}

}  // namespace

std::optional<char32_t> first_unprintable(std::string_view utf8) {
    static const charset_ptr installed = installed_characters();  // thread-safe, once
    const char* p = utf8.data();
    const char* end = p + utf8.size();
    while (p < end) {
        gunichar c = g_utf8_get_char_validated(p, end - p);
        if (c == static_cast<gunichar>(-1) || c == static_cast<gunichar>(-2)) return U'\uFFFD';
        if (!selects_a_glyph(c) && !FcCharSetHasChar(installed.get(), c)) return static_cast<char32_t>(c);
        p = g_utf8_next_char(p);
    }
    return std::nullopt;
}

}  // namespace colloq::domain
