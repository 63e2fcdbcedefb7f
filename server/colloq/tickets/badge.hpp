#pragma once
// A confirmed attendee's badge files, as the email attaches them and the attendee's page serves them.
#include <string>

#include "colloq/config/config.hpp"
#include "colloq/domain/registration.hpp"
#include "colloq/tickets/signing.hpp"

namespace colloq::tickets {

// The QR payload: a ticket for this registration's current nonce, signed with the key.
std::string ticket_text_for(const config::config& cfg, const domain::registration& r, const key_pair& key);

std::string badge_png_for(const std::string& ticket_text);
std::string badge_pdf_for(const config::config& cfg, const domain::registration& r, const std::string& ticket_text);
// The calendar entry; its UID is stable for the registration, its description holds the manage link.
std::string event_ics_for(const config::config& cfg, const domain::registration& r, const std::string& manage_url);

}  // namespace colloq::tickets
