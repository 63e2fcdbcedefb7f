#pragma once
// QR codes from libqrencode, drawn as PNG (email, download) or SVG (web page).
#include <string>
#include <string_view>
#include <vector>

namespace colloq::tickets {

struct qr_code {
    int width = 0;              // modules per side, quiet zone excluded
    std::vector<bool> modules;  // row by row, true for dark
    // False outside the symbol, so the quiet zone needs no special case.
    bool dark(int x, int y) const;
    int version = 0;
};

// The smallest symbol at error correction level M; throws std::runtime_error
// when the text cannot be encoded (empty, holds a NUL, or too long).
qr_code encode_qr(std::string_view text);

// 1-bit grayscale PNG, each module `module_pixels` square, with a light quiet
// zone: (width + 2 * quiet_zone_modules) * module_pixels pixels per side.
std::string qr_png(const qr_code& code, int module_pixels = 8, int quiet_zone_modules = 4);

// A standalone SVG scaled by its viewBox: a white square and one path of dark modules.
std::string qr_svg(const qr_code& code, int quiet_zone_modules = 4);

}  // namespace colloq::tickets
