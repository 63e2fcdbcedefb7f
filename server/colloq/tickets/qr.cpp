#include "colloq/tickets/qr.hpp"

#include <csetjmp>
#include <memory>
#include <stdexcept>

#include <png.h>
#include <qrencode.h>

namespace colloq::tickets {

namespace {

using qrcode_ptr = std::unique_ptr<QRcode, decltype(&QRcode_free)>;

// Both libpng structures are released by one call, so they share one owner.
struct png_writer {
    png_structp png = nullptr;
    png_infop info = nullptr;
    png_writer() {
        png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
        if (png) info = png_create_info_struct(png);
    }
    png_writer(const png_writer&) = delete;
    png_writer& operator=(const png_writer&) = delete;
    ~png_writer() { png_destroy_write_struct(&png, &info); }
};

// No C++ exception may cross libpng's C frames: a failure goes through png_error.
void append_to_string(png_structp png, png_bytep data, png_size_t size) {
    bool appended = true;
    try {
        static_cast<std::string*>(png_get_io_ptr(png))->append(reinterpret_cast<const char*>(data), size);
    } catch (...) {
        appended = false;
    }
    if (!appended) png_error(png, "out of memory");
}

void flush_nothing(png_structp) {}

// libpng reports errors by longjmp to here; this frame owns no object with a
// destructor, so the jump skips none.
bool write_png(png_writer& w, std::string& out, png_uint_32 side, const std::vector<png_byte>& rows,
               std::size_t row_bytes, int module_pixels) {
    if (setjmp(png_jmpbuf(w.png))) return false;
    png_set_write_fn(w.png, &out, append_to_string, flush_nothing);
    png_set_IHDR(w.png, w.info, side, side, 1, PNG_COLOR_TYPE_GRAY, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_write_info(w.png, w.info);
    for (std::size_t r = 0; r * row_bytes < rows.size(); ++r)
        for (int i = 0; i < module_pixels; ++i) png_write_row(w.png, &rows[r * row_bytes]);
    png_write_end(w.png, w.info);
    return true;
}

void check_quiet_zone(int quiet_zone_modules) {
    if (quiet_zone_modules < 0 || quiet_zone_modules > 64)
        throw std::invalid_argument("QR quiet zone must be 0 to 64 modules");
}

}  // namespace

bool qr_code::dark(int x, int y) const {
    if (x < 0 || y < 0 || x >= width || y >= width) return false;
    return modules[static_cast<std::size_t>(y) * static_cast<std::size_t>(width) + static_cast<std::size_t>(x)];
}

qr_code encode_qr(std::string_view text) {
    if (text.empty()) throw std::runtime_error("cannot make a QR code of an empty text");
    if (text.find('\0') != std::string_view::npos)
        throw std::runtime_error("cannot make a QR code of a text holding a NUL character");
    std::string copy(text);  // libqrencode reads a NUL-terminated string
    qrcode_ptr qr(QRcode_encodeString(copy.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1), &QRcode_free);
    if (!qr) throw std::runtime_error("cannot make a QR code of this text (" + std::to_string(text.size()) +
                                      " bytes): it may be too long");
    qr_code code;
    code.width = qr->width;
    code.version = qr->version;
    std::size_t count = static_cast<std::size_t>(qr->width) * static_cast<std::size_t>(qr->width);
    code.modules.resize(count);
    for (std::size_t i = 0; i < count; ++i) code.modules[i] = (qr->data[i] & 1) != 0;
    return code;
}

std::string qr_png(const qr_code& code, int module_pixels, int quiet_zone_modules) {
    if (module_pixels < 1 || module_pixels > 64) throw std::invalid_argument("QR module size must be 1 to 64 pixels");
    check_quiet_zone(quiet_zone_modules);
    const int side_modules = code.width + 2 * quiet_zone_modules;
    const std::size_t side = static_cast<std::size_t>(side_modules) * static_cast<std::size_t>(module_pixels);
    const std::size_t row_bytes = (side + 7) / 8;

    // One packed row per row of modules, written module_pixels times. In
    // grayscale 1 bit, a set bit is white.
    std::vector<png_byte> rows(row_bytes * static_cast<std::size_t>(side_modules), 0);
    for (int my = 0; my < side_modules; ++my) {
        png_byte* row = &rows[static_cast<std::size_t>(my) * row_bytes];
        for (std::size_t px = 0; px < side; ++px) {
            int mx = static_cast<int>(px / static_cast<std::size_t>(module_pixels));
            if (!code.dark(mx - quiet_zone_modules, my - quiet_zone_modules))
                row[px / 8] |= static_cast<png_byte>(0x80u >> (px % 8));
        }
    }

    png_writer w;
    if (!w.png || !w.info) throw std::runtime_error("libpng could not start a PNG");
    std::string out;
    if (!write_png(w, out, static_cast<png_uint_32>(side), rows, row_bytes, module_pixels))
        throw std::runtime_error("libpng could not write the QR code PNG");
    return out;
}

std::string qr_svg(const qr_code& code, int quiet_zone_modules) {
    check_quiet_zone(quiet_zone_modules);
    const std::string side = std::to_string(code.width + 2 * quiet_zone_modules);
    std::string path;
    // One sub-path per horizontal run of dark modules keeps the path short.
    for (int y = 0; y < code.width; ++y) {
        for (int x = 0; x < code.width;) {
            if (!code.dark(x, y)) {
                ++x;
                continue;
            }
            int run = 1;
            while (code.dark(x + run, y)) ++run;
            path += 'M' + std::to_string(x + quiet_zone_modules) + ' ' + std::to_string(y + quiet_zone_modules) +
                    'h' + std::to_string(run) + "v1h-" + std::to_string(run) + 'z';
            x += run;
        }
    }
    return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + side + ' ' + side +
           "\" role=\"img\" aria-label=\"Code QR du badge\">"
           "<rect width=\"" + side + "\" height=\"" + side + "\" fill=\"#fff\"/>"
           "<path fill=\"#000\" shape-rendering=\"crispEdges\" d=\"" + path + "\"/></svg>\n";
}

}  // namespace colloq::tickets
