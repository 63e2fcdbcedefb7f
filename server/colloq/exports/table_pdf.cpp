#include "colloq/exports/table_pdf.hpp"

#include <algorithm>
#include <numeric>
#include <stdexcept>

#include "colloq/exports/pdf_stream.hpp"
#include "colloq/exports/text_box.hpp"

namespace colloq::exports {

namespace {

constexpr double page_width = a4::width;
constexpr double page_height = a4::height;
constexpr double margin = a4::margin;
constexpr double content_width = a4::content_width;
constexpr double padding = a4::cell_padding;
constexpr double title_height = mm(9);
constexpr double heading_line = mm(5);
constexpr double header_height = mm(8);
constexpr double line_height = mm(8);
constexpr double tallest_line = mm(120);  // a cell longer than that ends with an ellipsis
constexpr double number_width = mm(12);
constexpr double body_bottom = mm(278);
constexpr box footer_left{margin, mm(283), content_width * 0.75, mm(5)};
constexpr box footer_right{margin + content_width * 0.75, mm(283), content_width * 0.25, mm(5)};

// The list is read at a desk by the venue's security staff: no text under 9 pt. A long
// organisation or role wraps, and its line grows, rather than shrinking beside the names.
constexpr double smallest = 9;
constexpr text_style cell_style{10, 10};
constexpr text_style header_style{smallest, smallest, true, 0, align::left};
constexpr text_style number_style{smallest, smallest, false, 0.3, align::right};
constexpr text_style heading_style{smallest, smallest};
constexpr double grid_gray = 0.35;
constexpr double header_fill = 0.88;

box inner(box b) { return {b.x + padding, b.y + padding, b.width - 2 * padding, b.height - 2 * padding}; }

}  // namespace

class table_pdf_writer::impl {
public:
    impl(byte_sink sink, table_pdf_info info, std::vector<std::string> titles, std::vector<double> weights)
        : info_(std::move(info)),
          titles_(std::move(titles)),
          pdf_(std::move(sink), page_width, page_height, info_.title),
          text_(pdf_.context()) {
        if (weights.size() != titles_.size()) throw std::invalid_argument("one weight per column");
        double total = std::accumulate(weights.begin(), weights.end(), 0.0);
        for (double w : weights) widths_.push_back((content_width - number_width) * w / (total > 0 ? total : 1));
    }

    void row(const std::vector<std::string>& cells) {
        const double height = std::min(fitting_height(cells, cell_style, line_height), tallest_line);
        if (!page_open_ || y_ + height > body_bottom) {
            if (page_open_) end_page();
            start_page();
        }
        ++count_;
        text_.draw(std::to_string(count_), inner({margin, y_, number_width, height}), number_style);
        double x = margin + number_width;
        for (std::size_t i = 0; i < widths_.size(); ++i) {
            if (i < cells.size()) text_.draw(cells[i], inner({x, y_, widths_[i], height}), cell_style);
            x += widths_[i];
        }
        grid(y_, height, false);
        y_ += height;
    }

    void finish() {
        if (!page_open_) start_page();
        std::string total = count_ == 0   ? std::string("Aucune personne.")
                            : count_ == 1 ? std::string("Total\u00A0: 1 personne")
                                          : "Total\u00A0: " + std::to_string(count_) + " personnes";
        text_.draw(total, {margin, y_ + mm(1), content_width, mm(5)}, {9.5, smallest, true});
        end_page();
        pdf_.finish();
    }

private:
    // The height a line needs for every cell to fit whole at the style's size, wrapped to its
    // column; at least `least`.
    double fitting_height(const std::vector<std::string>& cells, const text_style& style, double least) {
        double height = least;
        for (std::size_t i = 0; i < widths_.size() && i < cells.size(); ++i)
            height = std::max(height, text_.height_of(cells[i], widths_[i] - 2 * padding, style.size, style.bold) +
                                          2 * padding + mm(0.5));
        return height;
    }

    void start_page() {
        ++page_;
        page_open_ = true;
        double y = margin;
        text_.draw(info_.title, {margin, y, content_width, title_height}, {13, smallest, true});
        y += title_height;
        for (const auto& line : info_.heading) {
            double height = std::max(heading_line, text_.height_of(line, content_width, heading_style.size, false) + mm(1));
            text_.draw(line, {margin, y, content_width, height}, heading_style);
            y += height;
        }
        y += mm(2);
        header_height_ = fitting_height(titles_, header_style, header_height);
        cairo_t* cr = pdf_.context();
        cairo_set_source_rgb(cr, header_fill, header_fill, header_fill);
        cairo_rectangle(cr, margin, y, content_width, header_height_);
        cairo_fill(cr);
        text_.draw("N°", inner({margin, y, number_width, header_height_}), {smallest, smallest, true, 0, align::right});
        double x = margin + number_width;
        for (std::size_t i = 0; i < widths_.size(); ++i) {
            text_.draw(titles_[i], inner({x, y, widths_[i], header_height_}), header_style);
            x += widths_[i];
        }
        grid(y, header_height_, true);
        y_ = y + header_height_;
    }

    void end_page() {
        text_.draw(info_.footer, footer_left, {smallest, smallest, false, 0.35});
        text_.draw("Page " + std::to_string(page_), footer_right, {smallest, smallest, false, 0.2, align::right});
        page_open_ = false;
        pdf_.show_page();
    }

    void grid(double top, double height, bool heavy) {
        cairo_t* cr = pdf_.context();
        cairo_set_source_rgb(cr, grid_gray, grid_gray, grid_gray);
        cairo_set_line_width(cr, heavy ? 0.9 : 0.5);
        cairo_rectangle(cr, margin, top, content_width, height);
        double x = margin + number_width;
        cairo_move_to(cr, x, top);
        cairo_line_to(cr, x, top + height);
        for (std::size_t i = 0; i + 1 < widths_.size(); ++i) {
            x += widths_[i];
            cairo_move_to(cr, x, top);
            cairo_line_to(cr, x, top + height);
        }
        cairo_stroke(cr);
    }

    table_pdf_info info_;
    std::vector<std::string> titles_;
    std::vector<double> widths_;
    pdf_stream pdf_;
    text_painter text_;
    bool page_open_ = false;
    int page_ = 0;
    long long count_ = 0;
    double y_ = 0;
    double header_height_ = header_height;  // the column titles' line, grown to fit them
};

table_pdf_writer::table_pdf_writer(byte_sink sink, table_pdf_info info, std::vector<std::string> titles,
                                   std::vector<double> weights)
    : impl_(std::make_unique<impl>(std::move(sink), std::move(info), std::move(titles), std::move(weights))) {}

table_pdf_writer::~table_pdf_writer() = default;

void table_pdf_writer::row(const std::vector<std::string>& cells) { impl_->row(cells); }

void table_pdf_writer::finish() { impl_->finish(); }

}  // namespace colloq::exports
