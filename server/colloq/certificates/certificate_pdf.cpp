#include "colloq/certificates/certificate_pdf.hpp"

#include <regex>

#include "colloq/exports/pdf_stream.hpp"
#include "colloq/exports/text_box.hpp"
#include "colloq/tickets/qr.hpp"
#include "colloq/tickets/qr_cairo.hpp"

namespace colloq::certificates {

using exports::align;
using exports::box;
using exports::mm;
using exports::text_style;
namespace a4 = exports::a4;

namespace {

constexpr double margin = mm(22);
constexpr double width = a4::width - 2 * margin;
constexpr double qr_side = mm(34);

// A line across the page at `top`, `height` high.
box row(double top, double height) { return {margin, top, width, height}; }

}  // namespace

std::string place_of_issue(const std::string& venue) {
    static const std::regex postcode_town(R"((?:^|[ ,])\d{5} +([^,\d][^,]*)$)");
    std::smatch m;
    if (std::regex_search(venue, m, postcode_town)) return m[1];
    return venue;
}

std::string certificate_pdf(const certificate_info& c) {
    std::string out;
    std::string name = c.first_name + " " + c.last_name;
    exports::pdf_stream pdf([&out](std::string_view bytes) { out += bytes; }, a4::width, a4::height,
                            "Attestation de présence \u2013 " + name);
    cairo_t* cr = pdf.context();
    exports::text_painter text(cr);
    const text_style body{12.5, 9, false, 0.1, align::centre};

    text.draw(c.organiser, row(mm(20), mm(10)), {11, 8, true, 0.35, align::centre});
    text.draw("Attestation de présence", row(mm(42), mm(16)), {26, 16, true, 0, align::centre});
    cairo_set_source_rgb(cr, 0.2, 0.2, 0.57);
    cairo_set_line_width(cr, 1.2);
    cairo_move_to(cr, margin + width / 3, mm(62));
    cairo_line_to(cr, margin + 2 * width / 3, mm(62));
    cairo_stroke(cr);

    text.draw("L'organisateur du colloque, " + c.organiser + ", atteste que", row(mm(72), mm(14)), body);
    text.draw(name, row(mm(88), mm(22)), {24, 12, true, 0, align::centre});
    std::string who = c.role.empty() ? c.organisation : c.organisation.empty() ? c.role : c.role + ", " + c.organisation;
    text.draw(who, row(mm(111), mm(14)), {13, 9, false, 0.1, align::centre});
    text.draw("a assisté au colloque", row(mm(130), mm(9)), body);
    text.draw("« " + c.event_title + " »", row(mm(140), mm(26)), {16, 10, true, 0, align::centre});
    text.draw("le " + c.event_dates, row(mm(168), mm(9)), body);
    text.draw(c.venue, row(mm(178), mm(12)), body);
    if (!c.arrived.empty())
        text.draw("Arrivée enregistrée à l'entrée le " + c.arrived + ".", row(mm(193), mm(8)),
                  {10, 8, false, 0.35, align::centre});

    text.draw("Fait à " + place_of_issue(c.venue) + ", le " + c.issued_on + ".", row(mm(212), mm(9)),
              {12.5, 9, false, 0.1, align::right});
    text.draw("Pour l'organisateur : " + c.organiser, row(mm(222), mm(9)), {12.5, 9, false, 0.1, align::right});

    const double qr_top = a4::height - mm(22) - qr_side;
    tickets::draw_qr(cr, tickets::encode_qr(c.check_url), margin, qr_top, qr_side, 2);
    const double note_left = margin + qr_side + mm(6);
    const double note_width = a4::width - margin - note_left;
    text.draw("Cette attestation peut être vérifiée en ligne, avec le QR code ou à cette adresse :",
              {note_left, qr_top + mm(2), note_width, mm(10)}, {9.5, 7, false, 0.25, align::left});
    text.draw(c.check_url, {note_left, qr_top + mm(13), note_width, mm(10)}, {9.5, 6, false, 0.1, align::left});
    text.draw("Code de vérification : " + c.code, {note_left, qr_top + mm(24), note_width, mm(8)},
              {10, 7, true, 0.1, align::left});
    pdf.show_page();
    pdf.finish();
    return out;
}

}  // namespace colloq::certificates
