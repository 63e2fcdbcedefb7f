#pragma once
// An attendee's attendance certificate, as the manage page serves it and the thank-you e-mail
// attaches it: only for someone the door checked in, once the event has ended, when the
// configuration gives certificates ([after_event] certificate).
#include <string>

#include "colloq/config/config.hpp"
#include "colloq/domain/registration.hpp"
#include "colloq/domain/time.hpp"
#include "colloq/tickets/signing.hpp"

namespace colloq::certificates {

bool certificate_available(const config::config& cfg, const domain::registration& r, domain::clock_time now);
// The public page that checks it: <public_url>/attestation/<code>.
std::string check_url_for(const config::config& cfg, const domain::registration& r, const tickets::key_pair& key);
std::string certificate_pdf_for(const config::config& cfg, const domain::registration& r, const tickets::key_pair& key);

}  // namespace colloq::certificates
