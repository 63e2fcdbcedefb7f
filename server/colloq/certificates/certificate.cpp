#include "colloq/certificates/certificate.hpp"

#include "colloq/certificates/attestation_code.hpp"
#include "colloq/certificates/certificate_pdf.hpp"

namespace colloq::certificates {

bool certificate_available(const config::config& cfg, const domain::registration& r, domain::clock_time now) {
    // An erased person's attendance is still counted, but nobody is left to attest it for.
    return cfg.after_event.certificate && r.checked_in_at && !r.anonymised && now >= cfg.event.ends_at.utc;
}

std::string check_url_for(const config::config& cfg, const domain::registration& r, const tickets::key_pair& key) {
    // public_url never ends with a slash (config.cpp).
    return cfg.server.public_url + "/attestation/" + attestation_code(key, cfg.event.slug, r.id);
}

std::string certificate_pdf_for(const config::config& cfg, const domain::registration& r, const tickets::key_pair& key) {
    certificate_info c;
    c.first_name = r.first_name;
    c.last_name = r.last_name;
    c.organisation = r.organisation;
    c.role = r.role;
    c.event_title = cfg.event.title;
    c.event_dates = domain::french_date_range(cfg.event.starts_at, cfg.event.ends_at);
    c.venue = cfg.event.venue;
    c.organiser = cfg.event.organiser;
    if (r.checked_in_at) c.arrived = domain::french_date_time_in_offset_of(cfg.event.starts_at, *r.checked_in_at);
    c.issued_on = domain::french_date(cfg.event.ends_at);
    c.code = attestation_code(key, cfg.event.slug, r.id);
    c.check_url = check_url_for(cfg, r, key);
    return certificate_pdf(c);
}

}  // namespace colloq::certificates
