#include "colloq/tickets/qr_cairo.hpp"

#include <cairo.h>

namespace colloq::tickets {

void draw_qr(cairo_t* cr, const qr_code& code, double left, double top, double side, int quiet_zone) {
    const int side_modules = code.width + 2 * quiet_zone;
    const double module = side / side_modules;
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_rectangle(cr, left, top, side, side);
    cairo_fill(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    for (int y = 0; y < code.width; ++y) {
        for (int x = 0; x < code.width;) {
            if (!code.dark(x, y)) {
                ++x;
                continue;
            }
            int run = 1;
            while (code.dark(x + run, y)) ++run;
            cairo_rectangle(cr, left + (x + quiet_zone) * module, top + (y + quiet_zone) * module, run * module,
                            module);
            x += run;
        }
    }
    cairo_fill(cr);
}

}  // namespace colloq::tickets
