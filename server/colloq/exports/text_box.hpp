#pragma once
// Text drawn inside a box on a cairo page with Pango: wrapped to the box's
// width and shrunk until it fits its height, so it never spills into the
// next cell.
#include <memory>
#include <string>

#include <cairo.h>
#include <pango/pangocairo.h>

namespace colloq::exports {

struct box {
    double x, y, width, height;  // points
};

enum class align { left, centre, right };

struct text_style {
    double size;      // points, the size used when the text fits
    double min_size;  // smallest size tried before cutting with an ellipsis
    bool bold = false;
    double gray = 0;  // 0 is black
    align alignment = align::left;
};

class text_painter {
public:
    explicit text_painter(cairo_t* cr);

    // Draws the text vertically centred in the box. If it does not fit even
    // at style.min_size, the lines that overflow are replaced by an ellipsis.
    // Returns the size used (0 for no text).
    double draw(const std::string& text, box where, const text_style& style);

    // The height of the text wrapped to `width` at this size, in points.
    double height_of(const std::string& text, double width, double size, bool bold);

private:
    struct gobject_unref {
        void operator()(gpointer p) const { g_object_unref(p); }
    };

    void set_font(double size, bool bold);

    cairo_t* cr_;
    std::unique_ptr<PangoContext, gobject_unref> context_;
    std::unique_ptr<PangoLayout, gobject_unref> layout_;
    std::unique_ptr<PangoFontDescription, decltype(&pango_font_description_free)> font_;
};

}  // namespace colloq::exports
