#include "colloq/exports/text_box.hpp"

#include <optional>

#include "colloq/exports/utf8.hpp"

namespace colloq::exports {

namespace {

constexpr const char* font_family = "DejaVu Sans";
constexpr double size_step = 0.5;

// True when a line starts where the text has no break opportunity (UAX #14):
// inside a word rather than after a space or a hyphen.
bool breaks_inside_a_word(PangoLayout* layout) {
    if (!pango_layout_is_wrapped(layout)) return false;
    int count = 0;
    const PangoLogAttr* attrs = pango_layout_get_log_attrs_readonly(layout, &count);
    const char* text = pango_layout_get_text(layout);
    for (GSList* l = pango_layout_get_lines_readonly(layout); l != nullptr; l = l->next) {
        const auto* line = static_cast<const PangoLayoutLine*>(l->data);
        if (line->start_index == 0) continue;
        glong offset = g_utf8_pointer_to_offset(text, text + line->start_index);
        if (offset < count && !attrs[offset].is_line_break) return true;
    }
    return false;
}

}  // namespace

text_painter::text_painter(cairo_t* cr)
    : cr_(cr),
      context_(pango_cairo_create_context(cr)),
      layout_(pango_layout_new(context_.get())),
      font_(pango_font_description_new(), &pango_font_description_free) {
    pango_font_description_set_family(font_.get(), font_family);
    // Names are checked against identity documents: no hyphen that is not in them.
    std::unique_ptr<PangoAttrList, decltype(&pango_attr_list_unref)> attrs(pango_attr_list_new(),
                                                                         &pango_attr_list_unref);
    pango_attr_list_insert(attrs.get(), pango_attr_insert_hyphens_new(FALSE));
    pango_layout_set_attributes(layout_.get(), attrs.get());
    // Between words first; inside a word only when it alone is wider than the box.
    pango_layout_set_wrap(layout_.get(), PANGO_WRAP_WORD_CHAR);
}

void text_painter::set_font(double size, bool bold) {
    pango_font_description_set_weight(font_.get(), bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_font_description_set_absolute_size(font_.get(), size * PANGO_SCALE);
    pango_layout_set_font_description(layout_.get(), font_.get());
}

double text_painter::height_of(const std::string& text, double width, double size, bool bold) {
    if (text.empty()) return 0;
    const std::string clean = valid_utf8(text);
    PangoLayout* layout = layout_.get();
    pango_layout_set_text(layout, clean.data(), static_cast<int>(clean.size()));
    pango_layout_set_width(layout, static_cast<int>(width * PANGO_SCALE));
    set_font(size, bold);
    int height = 0;
    pango_layout_get_size(layout, nullptr, &height);
    return static_cast<double>(height) / PANGO_SCALE;
}

double text_painter::draw(const std::string& text, box where, const text_style& style) {
    if (text.empty()) return 0;
    const std::string clean = valid_utf8(text);
    PangoLayout* layout = layout_.get();
    pango_layout_set_text(layout, clean.data(), static_cast<int>(clean.size()));
    pango_layout_set_width(layout, static_cast<int>(where.width * PANGO_SCALE));
    pango_layout_set_alignment(layout, style.alignment == align::centre  ? PANGO_ALIGN_CENTER
                                       : style.alignment == align::right ? PANGO_ALIGN_RIGHT
                                                                         : PANGO_ALIGN_LEFT);
    const int max_height = static_cast<int>(where.height * PANGO_SCALE);
    // The largest size at which the text fits with words kept whole; failing
    // that, the largest at which it fits at all; failing that, the smallest.
    std::optional<double> whole_words, cut_words;
    double last_tried = 0;
    for (double size = style.size; size >= style.min_size - 1e-9; size -= size_step) {
        set_font(size, style.bold);
        last_tried = size;
        int height = 0;
        pango_layout_get_size(layout, nullptr, &height);
        if (height > max_height) continue;
        if (!breaks_inside_a_word(layout)) {
            whole_words = size;
            break;
        }
        if (!cut_words) cut_words = size;
    }
    const double chosen = whole_words ? *whole_words : cut_words ? *cut_words : style.min_size;
    if (chosen != last_tried) set_font(chosen, style.bold);
    int height = 0;
    pango_layout_get_size(layout, nullptr, &height);
    const bool cut = height > max_height;
    if (cut) {
        pango_layout_set_height(layout, max_height);
        pango_layout_set_ellipsize(layout, PANGO_ELLIPSIZE_END);
        pango_layout_get_size(layout, nullptr, &height);
    }
    cairo_set_source_rgb(cr_, style.gray, style.gray, style.gray);
    cairo_move_to(cr_, where.x, where.y + (where.height - static_cast<double>(height) / PANGO_SCALE) / 2);
    pango_cairo_show_layout(cr_, layout);
    if (cut) {
        pango_layout_set_height(layout, -1);
        pango_layout_set_ellipsize(layout, PANGO_ELLIPSIZE_NONE);
    }
    return chosen;
}

}  // namespace colloq::exports
