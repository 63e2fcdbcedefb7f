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
// `cancelled`: the cancellation that removes it from the attendee's calendar.
std::string event_ics_for(const config::config& cfg, const domain::registration& r, const std::string& manage_url,
                          bool cancelled = false);

// The entry's SEQUENCE: the seconds from the registration's creation to its last change, one
// more for a cancellation. Every change that sends a new version (confirmation, correction,
// cancellation) moves `updated_at` forward, so the number only grows, needs nothing stored,
// and the e-mail and the download of one version agree. Two versions within one second share
// it; their DTSTAMP then orders them.
long long calendar_sequence(const domain::registration& r, bool cancelled);

}  // namespace colloq::tickets
