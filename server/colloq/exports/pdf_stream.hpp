#pragma once
// A cairo PDF surface whose bytes go to a sink as pages are finished, so a
// document of thousands of pages never sits in memory.
#include <exception>
#include <memory>
#include <string>

#include <cairo.h>

#include "colloq/exports/chunked_sink.hpp"

namespace colloq::exports {

// The A4 pages of the lists (sign-in sheet, security list), in points, with their margins.
constexpr double mm(double v) { return v * 72.0 / 25.4; }
namespace a4 {
inline constexpr double width = mm(210);
inline constexpr double height = mm(297);
inline constexpr double margin = mm(12);
inline constexpr double content_width = width - 2 * margin;
inline constexpr double cell_padding = mm(1.2);
}  // namespace a4

class pdf_stream {
public:
    // Page size in points. Throws std::runtime_error when cairo cannot start.
    pdf_stream(byte_sink sink, double width, double height, const std::string& title);
    // Without finish(), whatever cairo still writes is dropped: the sink
    // must not receive the tail of a failed document.
    ~pdf_stream();
    pdf_stream(const pdf_stream&) = delete;
    pdf_stream& operator=(const pdf_stream&) = delete;

    cairo_t* context() { return cr_.get(); }
    // Ends the page: cairo writes it out and starts a blank one. Rethrows
    // what the sink threw.
    void show_page();
    // Writes the fonts and the trailer, and hands the last bytes to the sink.
    void finish();

private:
    static cairo_status_t write(void* closure, const unsigned char* data, unsigned int length);
    void check(const char* what);

    chunked_sink out_;
    std::exception_ptr sink_error_;
    bool discard_ = false;
    std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)> surface_;
    std::unique_ptr<cairo_t, decltype(&cairo_destroy)> cr_;
};

}  // namespace colloq::exports
