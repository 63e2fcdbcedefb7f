#include "colloq/exports/signin_sheet.hpp"

#include <algorithm>
#include <optional>
#include <stdexcept>
#include <utility>

#include "colloq/exports/pdf_stream.hpp"
#include "colloq/exports/text_box.hpp"

namespace colloq::exports {

namespace {

constexpr double page_width = a4::width;
constexpr double page_height = a4::height;
constexpr double margin = a4::margin;
constexpr double content_width = a4::content_width;
constexpr double padding = a4::cell_padding;

// Header, from the top; the table starts at the same place on every page.
constexpr box title_box{margin, mm(12), content_width, mm(11)};
constexpr box date_box{margin, mm(23.5), content_width, mm(5)};
constexpr box venue_box{margin, mm(28.5), content_width, mm(5)};
constexpr box organiser_box{margin, mm(33.5), content_width, mm(4.5)};
constexpr box sheet_title_box{margin, mm(39), content_width, mm(6.5)};
constexpr double rule_y = mm(46.5);
constexpr double table_top = mm(48);
constexpr double table_header_height = mm(9);
// Twenty lines of 11 mm: room for a signature, twenty people per page.
constexpr double line_height = mm(11);
constexpr double group_heading_height = mm(7);
constexpr double body_top = table_top + table_header_height;
constexpr double body_bottom = body_top + 20 * line_height;
constexpr double total_height = mm(5.5);
constexpr box footer_left{margin, mm(283), content_width * 0.75, mm(5)};
constexpr box footer_right{margin + content_width * 0.75, mm(283), content_width * 0.25, mm(5)};

struct column {
    std::string title;
    double width;
    align alignment;
};

// N° d'ordre, Nom, Prénom, Collectivité ou organisme, Association, the answers asked for, Signature.
// The answers take their room from the organisation and the association.
std::vector<column> columns_for(const std::vector<std::string>& question_titles) {
    const double shared = mm(74);  // organisation and association, and the answers when there are some
    const double answers = question_titles.empty() ? 0 : mm(30);
    std::vector<column> out{{"N° d'ordre", mm(13), align::centre},
                            {"Nom", mm(35), align::left},
                            {"Prénom", mm(29), align::left},
                            {"Collectivité ou organisme", (shared - answers) * 48 / 74, align::left},
                            {"Association", (shared - answers) * 26 / 74, align::left}};
    for (const auto& title : question_titles)
        out.push_back({title, answers / static_cast<double>(question_titles.size()), align::left});
    out.push_back({"Signature", mm(35), align::centre});
    return out;
}

constexpr text_style cell_style{9, 5};
// The name is what is compared with an identity document: the largest text of its line, on up
// to three lines (the line grows for them) before it gets smaller.
constexpr text_style name_style{10, 5};
constexpr int name_lines = 3;
constexpr text_style header_cell_style{8, 5.5, true, 0, align::centre};
constexpr double grid_gray = 0.35;
constexpr double header_fill = 0.88;
constexpr double group_fill = 0.94;

constexpr const char* no_partner_heading = "Sans association partenaire";

// « 10 000 » as French typesets it, with a narrow no-break space.
std::string french_count(long long n) {
    std::string digits = std::to_string(n), out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += "\u202F";
        out += digits[i];
    }
    return out;
}

}  // namespace

class signin_sheet_writer::impl {
public:
    impl(byte_sink sink, sheet_info info, bool group_by_partner)
        : info_(std::move(info)),
          grouped_(group_by_partner),
          columns(columns_for(info_.question_titles)),
          pdf_(std::move(sink), page_width, page_height, "Liste d'émargement – " + info_.event_title),
          text_(pdf_.context()) {}

    void row(const export_row& r) {
        if (finished_) throw std::logic_error("sign-in sheet row written after finish()");
        const bool new_group = grouped_ && (!group_ || *group_ != r.partner_name);
        const double height = line_height_for(r);
        const double needed = height + (new_group ? group_heading_height : 0);
        if (!page_open_ || y_ + needed > body_bottom + 0.01) {
            if (page_open_) end_page();
            start_page();
            // A group that goes on over the page break is named again at the top.
            if (grouped_ && !new_group) group_heading(*group_, true);
        }
        if (new_group) {
            group_ = r.partner_name;
            group_heading(r.partner_name, false);
        }
        line(r, height);
    }

    void finish() {
        if (finished_) return;
        if (!page_open_) start_page();
        std::string total = count_ == 0   ? std::string("Aucune personne sur cette liste.")
                            : count_ == 1 ? std::string("Total\u00A0: 1 personne")
                                          : "Total\u00A0: " + french_count(count_) + " personnes";
        // The footer starts below the table's last possible line: this always fits.
        text_.draw(total, {margin, y_ + mm(0.5), content_width, total_height}, {9, 6, true});
        end_page();
        pdf_.finish();
        finished_ = true;
    }

private:
    void start_page() {
        ++page_;
        page_open_ = true;
        cairo_t* cr = pdf_.context();
        text_.draw(info_.event_title, title_box, {12.5, 7, true});
        text_.draw(info_.event_date, date_box, {9.5, 6});
        text_.draw(info_.venue, venue_box, {9, 6});
        if (!info_.organiser.empty())
            text_.draw("Organisateur\u00A0: " + info_.organiser, organiser_box, {8.5, 6, false, 0.3});
        std::string sheet_title = "Liste d'émargement";
        if (!info_.group_label.empty()) sheet_title += " – " + info_.group_label;
        text_.draw(sheet_title, sheet_title_box, {11, 7, true});
        cairo_set_source_rgb(cr, 0.6, 0.6, 0.6);
        cairo_set_line_width(cr, 0.6);
        cairo_move_to(cr, margin, rule_y);
        cairo_line_to(cr, page_width - margin, rule_y);
        cairo_stroke(cr);

        cairo_set_source_rgb(cr, header_fill, header_fill, header_fill);
        cairo_rectangle(cr, margin, table_top, content_width, table_header_height);
        cairo_fill(cr);
        double x = margin;
        for (const column& c : columns) {
            text_.draw(c.title, inner({x, table_top, c.width, table_header_height}), header_cell_style);
            x += c.width;
        }
        grid(table_top, table_header_height, true);
        y_ = body_top;
    }

    void end_page() {
        text_.draw("Liste d'émargement – " + info_.event_title, footer_left, {7.5, 5, false, 0.35});
        text_.draw("Page " + std::to_string(page_), footer_right, {8, 6, false, 0.2, align::right});
        page_open_ = false;
        pdf_.show_page();
    }

    void group_heading(const std::string& partner, bool continued) {
        cairo_t* cr = pdf_.context();
        cairo_set_source_rgb(cr, group_fill, group_fill, group_fill);
        cairo_rectangle(cr, margin, y_, content_width, group_heading_height);
        cairo_fill(cr);
        std::string text = partner.empty() ? no_partner_heading : partner;
        if (continued) text += " (suite)";
        text_.draw(text, inner({margin, y_, content_width, group_heading_height}), {9.5, 6, true});
        outline(y_, group_heading_height);
        y_ += group_heading_height;
    }

    // 11 mm, room for two lines of names; a name that needs a third line at its full size
    // gets it (more than three, and it gets smaller instead).
    double line_height_for(const export_row& r) {
        const double one_line = text_.height_of("Ag", 1000, name_style.size, name_style.bold);
        double names = 0;
        for (std::size_t i : {std::size_t{1}, std::size_t{2}}) {
            const std::string& text = i == 1 ? r.last_name : r.first_name;
            names = std::max(names, text_.height_of(text, columns[i].width - 2 * padding, name_style.size,
                                                    name_style.bold));
        }
        if (names <= 2 * one_line + 0.5) return line_height;
        return std::max(line_height, std::min(names, name_lines * one_line) + 2 * padding + 0.5);
    }

    void line(const export_row& r, double height) {
        ++count_;
        const std::string number = std::to_string(count_);
        double x = margin;
        auto cell_x = [this](std::size_t column) {
            double at = margin;
            for (std::size_t i = 0; i < column; ++i) at += columns[i].width;
            return at;
        };
        // The names first: the other cells are then kept smaller than the smaller of the two.
        double name_size = name_style.size;
        for (std::size_t i : {std::size_t{1}, std::size_t{2}}) {
            const std::string& text = i == 1 ? r.last_name : r.first_name;
            double used = text_.draw(text, inner({cell_x(i), y_, columns[i].width, height}), name_style);
            if (used > 0) name_size = std::min(name_size, used);
        }
        std::vector<const std::string*> others{&number, nullptr, nullptr, &r.organisation, &r.partner_name};
        for (std::size_t q = 0; q < info_.question_titles.size(); ++q)
            others.push_back(q < r.answers.size() ? &r.answers[q] : nullptr);
        for (std::size_t i = 0; i < others.size(); ++i) {
            x = cell_x(i);
            if (!others[i]) continue;
            text_style s = cell_style;
            s.alignment = columns[i].alignment;
            s.size = std::min(s.size, name_size - 1);
            s.min_size = std::min(s.min_size, s.size);
            text_.draw(*others[i], inner({x, y_, columns[i].width, height}), s);
        }
        grid(y_, height, false);
        y_ += height;
    }

    static box inner(box b) { return {b.x + padding, b.y + padding, b.width - 2 * padding, b.height - 2 * padding}; }

    // The cell borders of one line of the table.
    void grid(double top, double height, bool heavy) {
        cairo_t* cr = pdf_.context();
        cairo_set_source_rgb(cr, grid_gray, grid_gray, grid_gray);
        cairo_set_line_width(cr, heavy ? 0.9 : 0.5);
        cairo_rectangle(cr, margin, top, content_width, height);
        double x = margin;
        for (std::size_t i = 0; i + 1 < columns.size(); ++i) {
            x += columns[i].width;
            cairo_move_to(cr, x, top);
            cairo_line_to(cr, x, top + height);
        }
        cairo_stroke(cr);
    }

    void outline(double top, double height) {
        cairo_t* cr = pdf_.context();
        cairo_set_source_rgb(cr, grid_gray, grid_gray, grid_gray);
        cairo_set_line_width(cr, 0.5);
        cairo_rectangle(cr, margin, top, content_width, height);
        cairo_stroke(cr);
    }

    sheet_info info_;
    bool grouped_;
    std::vector<column> columns;
    pdf_stream pdf_;
    text_painter text_;
    std::optional<std::string> group_;  // partner of the last line, when grouped
    bool page_open_ = false;
    bool finished_ = false;
    int page_ = 0;
    long long count_ = 0;
    double y_ = body_top;  // top of the next line
};

signin_sheet_writer::signin_sheet_writer(byte_sink sink, sheet_info info, bool group_by_partner)
    : impl_(std::make_unique<impl>(std::move(sink), std::move(info), group_by_partner)) {}

signin_sheet_writer::~signin_sheet_writer() = default;

void signin_sheet_writer::row(const export_row& r) { impl_->row(r); }

void signin_sheet_writer::finish() { impl_->finish(); }

}  // namespace colloq::exports
