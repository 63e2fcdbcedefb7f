#pragma once
// The attendance certificate (attestation de présence): one A4 page an attendee gives their
// employer, with a QR code and a short code that lead to its check page on the server.
#include <string>

namespace colloq::certificates {

struct certificate_info {
    std::string first_name, last_name, organisation, role;
    std::string event_title;
    std::string event_dates;   // « jeudi 10 octobre 2024, 9 h 00 – 13 h 00 »
    std::string venue;
    std::string organiser;
    std::string arrived;       // when the door recorded the arrival, in French
    std::string issued_on;     // « jeudi 10 octobre 2024 »: the day the event ended
    std::string check_url;     // <public_url>/attestation/<code>, in the QR code
    std::string code;
};

std::string certificate_pdf(const certificate_info& info);

// Where the certificate is made out: the town of a French address ending in its postcode and
// town (« …, 75006 Paris » → « Paris »), else the whole venue.
std::string place_of_issue(const std::string& venue);

}  // namespace colloq::certificates
