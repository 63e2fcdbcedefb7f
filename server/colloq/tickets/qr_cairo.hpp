#pragma once
// A QR code drawn on a cairo page (badge, attendance certificate).
#include "colloq/tickets/qr.hpp"

typedef struct _cairo cairo_t;

namespace colloq::tickets {

// White square of `side` points at (left, top), quiet zone included, and the dark modules as
// one filled path of rectangles: no seams between modules in any viewer.
void draw_qr(cairo_t* cr, const qr_code& code, double left, double top, double side, int quiet_zone);

}  // namespace colloq::tickets
