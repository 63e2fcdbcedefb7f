#include "colloq/mail/mailings.hpp"

#include <vector>

#include "colloq/domain/text.hpp"
#include "colloq/domain/time.hpp"
#include "colloq/mail/letter.hpp"

namespace colloq::mail {

namespace {

// Calls `text` for each stretch of plain text and `field` for each placeholder, in order; a
// "{{" that opens no known placeholder is plain text.
template <class Text, class Field>
void walk(std::string_view in, Text text, Field field) {
    std::size_t start = 0;
    for (std::size_t open = in.find("{{"); open != std::string_view::npos; open = in.find("{{", open + 2)) {
        auto close = in.find("}}", open + 2);
        if (close == std::string_view::npos) break;
        std::string_view name = in.substr(open + 2, close - open - 2);
        bool known = false;
        for (auto p : placeholder_names) known = known || p == name;
        if (!known) continue;
        if (open > start) text(in.substr(start, open - start));
        field(name);
        start = close + 2;
        open = close;
    }
    if (start < in.size()) text(in.substr(start));
}

std::string value_of(std::string_view name, const message_context& c) {
    if (name == "prenom") return c.first_name;
    if (name == "nom") return c.last_name;
    return c.manage_url;
}

bool has_control(std::string_view s, bool lines_allowed) {
    for (unsigned char ch : s) {
        if (lines_allowed && (ch == '\n' || ch == '\r' || ch == '\t')) continue;
        if (ch < 0x20 || ch == 0x7f) return true;
    }
    return false;
}

}  // namespace

message_context context_for(const config::config& cfg, const domain::registration& r, std::string manage_url) {
    message_context c;
    c.event_title = cfg.event.title;
    c.event_date = domain::french_date_range(cfg.event.starts_at, cfg.event.ends_at);
    c.venue = cfg.event.venue;
    c.organiser = cfg.event.organiser;
    c.contact_email = cfg.event.contact_email;
    c.public_url = cfg.server.public_url;
    c.first_name = r.first_name;
    c.last_name = r.last_name;
    c.organisation = r.organisation;
    c.role = r.role;
    if (r.partner)
        if (const auto* p = cfg.find_partner(*r.partner)) c.partner_name = p->name;
    c.status = std::string(domain::to_string(r.state));
    c.waitlist_position = r.waitlist_position;
    c.manage_url = std::move(manage_url);
    return c;
}

std::optional<text_fault> check_mailing_text(const std::string& subject, const std::string& body) {
    std::string s = domain::trim(subject);
    if (s.empty()) return text_fault{"subject", "Indiquez l'objet du message."};
    if (subject.size() > max_subject_bytes)
        return text_fault{"subject", "L'objet est trop long (" + std::to_string(max_subject_bytes) + " octets au plus)."};
    if (has_control(subject, false)) return text_fault{"subject", "L'objet doit tenir sur une ligne."};
    // As in names: a C1 control or a line separator, which mail readers show as they like, and
    // an encoded word, which they would decode into another text than the one sent.
    if (domain::has_control_characters(subject))
        return text_fault{"subject", "L'objet contient un caractère de contrôle : merci de le retirer."};
    if (domain::has_encoded_word(subject))
        return text_fault{"subject", "L'objet ne peut pas contenir de mot encodé « =?…?= » : écrivez le texte tel quel."};
    if (domain::trim(body).empty()) return text_fault{"body", "Écrivez le texte du message."};
    if (body.size() > max_body_bytes)
        return text_fault{"body", "Le texte est trop long (" + std::to_string(max_body_bytes) + " octets au plus)."};
    if (has_control(body, true)) return text_fault{"body", "Le texte contient un caractère de contrôle."};
    for (const std::string* text : {&subject, &body}) {
        std::string leftover;
        walk(*text, [&](std::string_view t) { leftover += t; }, [](std::string_view) {});
        auto open = leftover.find("{{");
        if (open != std::string::npos && leftover.find("}}", open) != std::string::npos)
            return text_fault{text == &subject ? "subject" : "body",
                              "« " + leftover.substr(open, leftover.find("}}", open) + 2 - open) +
                                  " » n'est pas un champ connu : utilisez {{prenom}}, {{nom}} ou {{lien}}."};
    }
    return std::nullopt;
}

std::string fill_placeholders(std::string_view text, const message_context& c) {
    std::string out;
    walk(text, [&](std::string_view t) { out += t; }, [&](std::string_view name) { out += value_of(name, c); });
    return out;
}

rendered_message render_mailing(const std::string& subject, const std::string& body, const message_context& c,
                                bool with_badge) {
    std::string title = fill_placeholders(subject, c);
    letter l(title);
    std::string text(body);
    for (std::size_t crlf; (crlf = text.find("\r\n")) != std::string::npos;) text.erase(crlf, 1);
    // Paragraphs at blank lines; inside one, the lines as written. {{lien}} becomes a link.
    std::vector<std::vector<span>> lines;
    std::size_t start = 0;
    while (start <= text.size()) {
        auto end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        std::string_view line(text.data() + start, end - start);
        if (domain::trim(std::string(line)).empty()) {
            if (!lines.empty()) l.written_lines(lines);
            lines.clear();
        } else {
            std::vector<span> spans;
            walk(line, [&](std::string_view t) { spans.push_back({std::string(t), ""}); },
                 [&](std::string_view name) {
                     std::string v = value_of(name, c);
                     spans.push_back(name == "lien" ? link(v) : span{v, ""});
                 });
            lines.push_back(std::move(spans));
        }
        start = end + 1;
    }
    if (!lines.empty()) l.written_lines(lines);
    if (with_badge) {
        l.heading("Votre badge");
        l.image(badge_content_id, "QR code de votre badge", 240);
        l.paragraph("Le QR code de votre badge est joint à ce message en image, avec le badge à imprimer au "
                    "format PDF.");
    }
    l.button("Gérer mon inscription", c.manage_url);
    l.paragraph("Pour ne plus recevoir les messages des organisateurs, choisissez-le sur la page de votre "
                "inscription : les e-mails liés à votre inscription (badge, rappels) continueront de vous parvenir.");
    sign_off(l, c);
    return {title, l.text(), l.html(), with_badge};
}

}  // namespace colloq::mail
