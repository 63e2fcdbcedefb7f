#pragma once
// The printable badge: an A6 portrait PDF page with the attendee's name, the
// event and the signed QR code.
#include <string>

namespace colloq::tickets {

struct badge_info {
    std::string first_name, last_name, organisation, role;
    std::string partner_name;  // empty for a registration without a partner association
    std::string event_title;
    std::string event_date;  // already in French: "jeudi 10 octobre 2024, 9 h 00 – 13 h 00"
    std::string venue;
    std::string ticket_text;  // what the QR code holds
};

// PDF bytes. Long texts wrap and shrink to fit, never cut; the name takes at
// most three lines. Uses the DejaVu Sans font (fonts-dejavu-core).
std::string badge_pdf(const badge_info& info);

}  // namespace colloq::tickets
