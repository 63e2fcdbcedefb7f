#include "colloq/tickets/badge_pdf.hpp"

#include <algorithm>
#include <memory>
#include <stdexcept>
#include <vector>

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include "colloq/tickets/qr.hpp"
#include "colloq/tickets/qr_cairo.hpp"

namespace colloq::tickets {

namespace {

constexpr double points_per_mm = 72.0 / 25.4;
constexpr double mm(double v) { return v * points_per_mm; }

constexpr double page_width = mm(105);
constexpr double page_height = mm(148);
constexpr double margin = mm(7);
constexpr double text_width = page_width - 2 * margin;
constexpr double header_max_height = mm(34);
constexpr double header_min_height = mm(16);  // when the name needs the room
constexpr double qr_side = mm(45);  // quiet zone included
constexpr double qr_bottom_margin = mm(6);
constexpr double gap = mm(3);
constexpr int qr_quiet_zone = 4;
constexpr int name_max_lines = 3;
constexpr double name_largest = 26;
// The name is what the door compares with an identity document: never smaller than this, and
// larger than anything else on the badge (the event's title is 12 pt at most).
constexpr double name_smallest = 14;
constexpr const char* font_family = "DejaVu Sans";

struct gobject_unref {
    void operator()(gpointer p) const { g_object_unref(p); }
};
struct gfree {
    void operator()(gchar* p) const { g_free(p); }
};
using surface_ptr = std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)>;
using cairo_ptr = std::unique_ptr<cairo_t, decltype(&cairo_destroy)>;
using context_ptr = std::unique_ptr<PangoContext, gobject_unref>;
using layout_ptr = std::unique_ptr<PangoLayout, gobject_unref>;
using font_ptr = std::unique_ptr<PangoFontDescription, decltype(&pango_font_description_free)>;
using gstring_ptr = std::unique_ptr<gchar, gfree>;

cairo_status_t append_to_string(void* closure, const unsigned char* data, unsigned int length) {
    try {
        static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
    } catch (...) {
        return CAIRO_STATUS_WRITE_ERROR;
    }
    return CAIRO_STATUS_SUCCESS;
}

// Pango wants valid UTF-8; anything else becomes U+FFFD rather than vanishing.
std::string valid_utf8(const std::string& s) {
    gstring_ptr fixed(g_utf8_make_valid(s.data(), static_cast<gssize>(s.size())));
    return fixed.get();
}

struct style {
    double size;  // points
    bool bold;
    double gray;  // 0 is black
};

struct block {
    layout_ptr layout;
    double gray = 0;
    double height = 0;
};

block make_block(PangoContext* context, const std::string& text, style s) {
    block b{layout_ptr(pango_layout_new(context)), s.gray, 0};
    font_ptr font(pango_font_description_new(), &pango_font_description_free);
    pango_font_description_set_family(font.get(), font_family);
    pango_font_description_set_weight(font.get(), s.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_font_description_set_absolute_size(font.get(), s.size * PANGO_SCALE);
    pango_layout_set_font_description(b.layout.get(), font.get());
    pango_layout_set_width(b.layout.get(), static_cast<int>(text_width * PANGO_SCALE));
    // Words break between characters only when a word alone is wider than the
    // page; the name is shrunk so that this happens to it only as a last resort.
    pango_layout_set_wrap(b.layout.get(), PANGO_WRAP_WORD_CHAR);
    pango_layout_set_alignment(b.layout.get(), PANGO_ALIGN_CENTER);
    // A hyphen that is not in a name could make it differ from the identity
    // document it is checked against.
    std::unique_ptr<PangoAttrList, decltype(&pango_attr_list_unref)> attrs(pango_attr_list_new(),
                                                                         &pango_attr_list_unref);
    pango_attr_list_insert(attrs.get(), pango_attr_insert_hyphens_new(FALSE));
    pango_layout_set_attributes(b.layout.get(), attrs.get());
    pango_layout_set_text(b.layout.get(), text.data(), static_cast<int>(text.size()));
    int width = 0, height = 0;
    pango_layout_get_size(b.layout.get(), &width, &height);
    b.height = static_cast<double>(height) / PANGO_SCALE;
    return b;
}

enum class breaks { at_spaces, at_hyphens, anywhere };

// True when every line of the layout starts where `allowed` lets it: after
// white space, also after a hyphen, or also inside a word.
bool breaks_allowed(PangoLayout* layout, breaks allowed) {
    if (allowed == breaks::anywhere) return true;
    int count = 0;
    const PangoLogAttr* attrs = pango_layout_get_log_attrs_readonly(layout, &count);
    const char* text = pango_layout_get_text(layout);
    for (GSList* l = pango_layout_get_lines_readonly(layout); l != nullptr; l = l->next) {
        const auto* line = static_cast<const PangoLayoutLine*>(l->data);
        if (line->start_index == 0) continue;
        glong offset = g_utf8_pointer_to_offset(text, text + line->start_index);
        if (offset >= count) continue;
        if (!attrs[offset].is_line_break) return false;
        if (allowed == breaks::at_spaces && offset > 0 && !attrs[offset - 1].is_white) return false;
    }
    return true;
}

// The name on at most three lines, as large as possible: broken at spaces if
// that fits at some size, else also after hyphens, and only as a last resort
// inside a word (a single word too long for three lines). A name too long for
// three lines at the smallest size takes more lines rather than a smaller size.
double name_size(PangoContext* context, const std::string& name) {
    for (breaks allowed : {breaks::at_spaces, breaks::at_hyphens, breaks::anywhere}) {
        for (double size = name_largest; size >= name_smallest - 1e-9; size -= 1) {
            block b = make_block(context, name, {size, true, 0});
            if (pango_layout_get_line_count(b.layout.get()) <= name_max_lines &&
                breaks_allowed(b.layout.get(), allowed))
                return size;
        }
    }
    return name_smallest;
}

struct item {
    std::string text;
    style base;
    double space_before;  // points
};

// The items laid out: the first at `all` times its size, the others at
// `rest * all`, the space between them at `all`.
struct fitted {
    std::vector<block> blocks;
    double spacing_scale = 1;
    double height = 0;
};

fitted lay_out(PangoContext* context, const std::vector<item>& items, double all, double rest, double min_first) {
    fitted f;
    f.spacing_scale = all;
    for (std::size_t i = 0; i < items.size(); ++i) {
        style s = items[i].base;
        s.size *= i == 0 ? all : all * rest;
        if (i == 0 && min_first > 0) s.size = std::max(s.size, min_first);
        f.blocks.push_back(make_block(context, items[i].text, s));
        f.height += f.blocks.back().height + (i > 0 ? items[i].space_before * all : 0);
    }
    return f;
}

// Shrinks the items until they fit in `max_height`: the ones after the first
// down to 70 %, then all together, the first never below `min_first` (then the
// others go on shrinking, to 40 %). Nothing is ever dropped or cut.
fitted fit(PangoContext* context, const std::vector<item>& items, double max_height, double min_first = 0) {
    double all = 1.0, rest = 1.0;
    for (int step = 0;; ++step) {
        fitted f = lay_out(context, items, all, rest, min_first);
        if (f.height <= max_height || step == 60) return f;
        const bool first_at_floor = min_first > 0 && items[0].base.size * all <= min_first;
        if (rest > 0.7 || (first_at_floor && rest > 0.4)) rest -= 0.05;
        else all *= 0.92;
    }
}

// Draws from `top` down; returns the bottom.
double draw(cairo_t* cr, const fitted& f, const std::vector<item>& items, double top) {
    double y = top;
    for (std::size_t i = 0; i < f.blocks.size(); ++i) {
        if (i > 0) y += items[i].space_before * f.spacing_scale;
        const double gray = f.blocks[i].gray;
        cairo_set_source_rgb(cr, gray, gray, gray);
        cairo_move_to(cr, margin, y);
        pango_cairo_show_layout(cr, f.blocks[i].layout.get());
        y += f.blocks[i].height;
    }
    return y;
}

}  // namespace

std::string badge_pdf(const badge_info& info) {
    qr_code code = encode_qr(info.ticket_text);

    std::string out;
    surface_ptr surface(cairo_pdf_surface_create_for_stream(append_to_string, &out, page_width, page_height),
                        &cairo_surface_destroy);
    if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS)
        throw std::runtime_error("cairo could not start the badge PDF");
    // First name above last name; each wraps on its own if it must.
    const std::string name = valid_utf8(info.first_name + " " + info.last_name);
    const std::string name_lines = valid_utf8(info.first_name.empty() || info.last_name.empty()
                                                  ? info.first_name + info.last_name
                                                  : info.first_name + "\n" + info.last_name);
    const std::string title = "Badge \u2013 " + name;
    cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_TITLE, title.c_str());
    cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATOR, "colloq");

    cairo_ptr cr(cairo_create(surface.get()), &cairo_destroy);
    context_ptr context(pango_cairo_create_context(cr.get()));

    // Header: the event, at the top; QR code, at the bottom; the person, centred between.
    std::vector<item> header{{valid_utf8(info.event_title), {12, true, 0}, 0},
                             {valid_utf8(info.event_date), {9.5, false, 0.15}, mm(1.5)},
                             {valid_utf8(info.venue), {8.5, false, 0.15}, mm(0.8)}};
    const double qr_top = page_height - qr_bottom_margin - qr_side;
    std::vector<item> person{{name_lines, {name_size(context.get(), name_lines), true, 0}, 0}};
    if (!info.role.empty()) person.push_back({valid_utf8(info.role), {11, false, 0.1}, mm(2.5)});
    if (!info.organisation.empty()) person.push_back({valid_utf8(info.organisation), {11.5, true, 0.1}, mm(1)});
    if (!info.partner_name.empty())
        person.push_back({valid_utf8("Association partenaire\u00a0: " + info.partner_name), {9, false, 0.3}, mm(2)});

    fitted header_layout = fit(context.get(), header, header_max_height);
    auto middle_top = [&] { return margin + header_layout.height + 2 * gap; };
    auto middle_height = [&] { return qr_top - gap - middle_top(); };
    fitted person_layout = fit(context.get(), person, middle_height(), name_smallest);
    if (person_layout.height > middle_height()) {
        // Only a name near the length limit in the widest letters gets here: the header gives
        // up room first; then, rather than run into the QR code, the name goes under 14 pt.
        header_layout = fit(context.get(), header, header_min_height);
        person_layout = fit(context.get(), person, middle_height(), name_smallest);
        if (person_layout.height > middle_height()) person_layout = fit(context.get(), person, middle_height());
    }

    double rule_y = draw(cr.get(), header_layout, header, margin) + gap;
    cairo_set_source_rgb(cr.get(), 0.6, 0.6, 0.6);
    cairo_set_line_width(cr.get(), 0.6);
    cairo_move_to(cr.get(), margin, rule_y);
    cairo_line_to(cr.get(), page_width - margin, rule_y);
    cairo_stroke(cr.get());
    draw_qr(cr.get(), code, (page_width - qr_side) / 2, qr_top, qr_side, qr_quiet_zone);
    draw(cr.get(), person_layout, person,
         middle_top() + std::max(0.0, (middle_height() - person_layout.height) / 2));

    cairo_show_page(cr.get());
    cr.reset();
    cairo_surface_finish(surface.get());
    if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS)
        throw std::runtime_error(std::string("cairo could not write the badge PDF: ") +
                                 cairo_status_to_string(cairo_surface_status(surface.get())));
    return out;
}

}  // namespace colloq::tickets
