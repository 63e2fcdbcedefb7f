#include "colloq/exports/table_pdf.hpp"

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
constexpr double number_width = mm(12);
constexpr double body_bottom = mm(278);
constexpr box footer_left{margin, mm(283), content_width * 0.75, mm(5)};
constexpr box footer_right{margin + content_width * 0.75, mm(283), content_width * 0.25, mm(5)};

constexpr text_style cell_style{10, 6};
constexpr text_style header_style{8.5, 6, true, 0, align::left};
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
        if (!page_open_ || y_ + line_height > body_bottom) {
            if (page_open_) end_page();
            start_page();
        }
        ++count_;
        text_style number{8.5, 6, false, 0.3, align::right};
        text_.draw(std::to_string(count_), inner({margin, y_, number_width, line_height}), number);
        double x = margin + number_width;
        for (std::size_t i = 0; i < widths_.size(); ++i) {
            if (i < cells.size()) text_.draw(cells[i], inner({x, y_, widths_[i], line_height}), cell_style);
            x += widths_[i];
        }
        grid(y_, line_height, false);
        y_ += line_height;
    }

    void finish() {
        if (!page_open_) start_page();
        std::string total = count_ == 0   ? std::string("Aucune personne.")
                            : count_ == 1 ? std::string("Total\u00A0: 1 personne")
                                          : "Total\u00A0: " + std::to_string(count_) + " personnes";
        text_.draw(total, {margin, y_ + mm(1), content_width, mm(5)}, {9.5, 6, true});
        end_page();
        pdf_.finish();
    }

private:
    void start_page() {
        ++page_;
        page_open_ = true;
        double y = margin;
        text_.draw(info_.title, {margin, y, content_width, title_height}, {13, 8, true});
        y += title_height;
        for (const auto& line : info_.heading) {
            text_.draw(line, {margin, y, content_width, heading_line}, {9, 6});
            y += heading_line;
        }
        y += mm(2);
        cairo_t* cr = pdf_.context();
        cairo_set_source_rgb(cr, header_fill, header_fill, header_fill);
        cairo_rectangle(cr, margin, y, content_width, header_height);
        cairo_fill(cr);
        text_.draw("N°", inner({margin, y, number_width, header_height}), {8.5, 6, true, 0, align::right});
        double x = margin + number_width;
        for (std::size_t i = 0; i < widths_.size(); ++i) {
            text_.draw(titles_[i], inner({x, y, widths_[i], header_height}), header_style);
            x += widths_[i];
        }
        grid(y, header_height, true);
        y_ = y + header_height;
    }

    void end_page() {
        text_.draw(info_.footer, footer_left, {7.5, 5, false, 0.35});
        text_.draw("Page " + std::to_string(page_), footer_right, {8, 6, false, 0.2, align::right});
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
};

table_pdf_writer::table_pdf_writer(byte_sink sink, table_pdf_info info, std::vector<std::string> titles,
                                   std::vector<double> weights)
    : impl_(std::make_unique<impl>(std::move(sink), std::move(info), std::move(titles), std::move(weights))) {}

table_pdf_writer::~table_pdf_writer() = default;

void table_pdf_writer::row(const std::vector<std::string>& cells) { impl_->row(cells); }

void table_pdf_writer::finish() { impl_->finish(); }

}  // namespace colloq::exports
