#include "colloq/tickets/badge.hpp"

#include <stdexcept>

#include <sodium.h>

#include "colloq/domain/time.hpp"
#include "colloq/tickets/badge_pdf.hpp"
#include "colloq/tickets/calendar.hpp"
#include "colloq/tickets/qr.hpp"
#include "colloq/tickets/ticket.hpp"

namespace colloq::tickets {

namespace {

std::array<unsigned char, 8> nonce_from_hex(const std::string& hex) {
    std::array<unsigned char, 8> nonce{};
    std::size_t length = 0;
    if (hex.size() != 16 ||
        sodium_hex2bin(nonce.data(), nonce.size(), hex.data(), hex.size(), nullptr, &length, nullptr) != 0 ||
        length != nonce.size())
        throw std::runtime_error("this registration has no valid ticket nonce");
    return nonce;
}

std::string host_of(const std::string& url) {
    auto start = url.find("://");
    start = start == std::string::npos ? 0 : start + 3;
    auto end = url.find_first_of(":/", start);
    return url.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

}  // namespace

std::string ticket_text_for(const config::config& cfg, const domain::registration& r, const key_pair& key) {
    ticket t{event_tag_of(cfg.event.slug), static_cast<std::uint32_t>(r.id), nonce_from_hex(r.ticket_nonce)};
    return issue(t, key);
}

std::string badge_png_for(const std::string& ticket_text) { return qr_png(encode_qr(ticket_text)); }

std::string badge_pdf_for(const config::config& cfg, const domain::registration& r, const std::string& ticket_text) {
    badge_info info;
    info.first_name = r.first_name;
    info.last_name = r.last_name;
    info.organisation = r.organisation;
    info.role = r.role;
    if (r.partner)
        if (const auto* p = cfg.find_partner(*r.partner)) info.partner_name = p->name;
    info.event_title = cfg.event.title;
    info.event_date = domain::french_date_range(cfg.event.starts_at, cfg.event.ends_at);
    info.venue = cfg.event.venue;
    info.ticket_text = ticket_text;
    return badge_pdf(info);
}

long long calendar_sequence(const domain::registration& r, bool cancelled) {
    long long seconds = 0;
    auto created = domain::parse_rfc3339(r.created_at);
    auto updated = domain::parse_rfc3339(r.updated_at);
    if (created && updated && updated->utc > created->utc)
        seconds = std::chrono::duration_cast<std::chrono::seconds>(updated->utc - created->utc).count();
    return seconds + (cancelled ? 1 : 0);
}

std::string event_ics_for(const config::config& cfg, const domain::registration& r, const std::string& manage_url,
                          bool cancelled) {
    calendar_info info;
    info.sequence = calendar_sequence(r, cancelled);
    info.cancelled = cancelled;
    info.uid = "registration-" + std::to_string(r.id) + "." + cfg.event.slug + "@" + host_of(cfg.server.public_url);
    info.title = cfg.event.title;
    info.description = "Organisé par " + cfg.event.organiser +
                       ". Présentez votre badge et une pièce d'identité à l'entrée. "
                       "Pour gérer ou annuler votre inscription : " + manage_url;
    info.location = cfg.event.venue;
    info.url = manage_url;
    info.organiser_name = cfg.event.organiser;
    info.organiser_email = cfg.event.contact_email;
    info.starts_at = cfg.event.starts_at;
    info.ends_at = cfg.event.ends_at;
    info.stamp = domain::now();
    return event_ics(info);
}

}  // namespace colloq::tickets
