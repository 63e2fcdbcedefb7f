#include "colloq/mail/messages.hpp"

#include <array>
#include <utility>

#include "colloq/domain/registration.hpp"
#include "colloq/mail/late_list.hpp"
#include "colloq/mail/letter.hpp"

namespace colloq::mail {

namespace {

constexpr std::array<std::pair<message_kind, std::string_view>, 11> kind_names{{
    {message_kind::confirmed, "confirmed"},
    {message_kind::waitlisted, "waitlisted"},
    {message_kind::promoted, "promoted"},
    {message_kind::pending, "pending"},
    {message_kind::cancelled, "cancelled"},
    {message_kind::already_registered, "already_registered"},
    {message_kind::approved, "approved"},
    {message_kind::declined, "declined"},
    {message_kind::reminder, "reminder"},
    {message_kind::thank_you, "thank_you"},
    {message_kind::erased, "erased"},
}};

std::string quoted(const std::string& title) { return "« " + title + " »"; }

std::string full_name(const message_context& c) {
    if (c.first_name.empty()) return c.last_name;
    if (c.last_name.empty()) return c.first_name;
    return c.first_name + " " + c.last_name;
}

// "association partenaire Dextera", after « l' » or « L' ».
std::string association(const message_context& c) {
    return c.partner_name.empty() ? "association partenaire" : "association partenaire " + c.partner_name;
}

std::string site_url(const message_context& c, std::string_view path) {
    std::string base = c.public_url;
    while (!base.empty() && base.back() == '/') base.pop_back();
    return base + std::string(path);
}

std::string subject(std::string_view what, const message_context& c) {
    return french_spacing(std::string(what) + " : " + c.event_title);
}

void greet(letter& l, const message_context& c) {
    std::string name = full_name(c);
    l.paragraph(name.empty() ? "Bonjour," : "Bonjour " + name + ",");
}

void event_details(letter& l, const message_context& c) {
    l.details({{"Date et horaires", c.event_date}, {"Lieu", c.venue}});
}

void contact_paragraph(letter& l, const message_context& c, const std::string& before) {
    if (c.contact_email.empty()) return;
    l.paragraph(std::vector<span>{{before, ""}, mail_link(c.contact_email), {".", ""}});
}

// A name that reached the venue's security list late: what it means, plainly.
void late_for_list(letter& l, const message_context& c) {
    if (c.list_recipient.empty()) return;
    l.heading("Votre nom n'est pas sur la liste déjà transmise");
    l.paragraph(late_list_sentence(c.list_recipient, c.list_sent_on, c.registered_after_list) +
                " L'organisateur transmettra un complément, mais l'entrée pourrait vous être refusée si votre nom n'a pas pu y être "
                "ajouté à temps.");
    contact_paragraph(l, c, "Arrivez en avance avec une pièce d'identité. En cas de doute, écrivez-nous à ");
}

void on_the_day(letter& l) {
    l.heading("Le jour du colloque");
    l.bullets({"Munissez-vous d'une pièce d'identité : l'accès au Sénat est contrôlé, et le nom figurant sur "
               "votre badge doit correspondre à celui de votre pièce d'identité.",
               "Arrivez en avance : un contrôle de sécurité a lieu à l'entrée, et l'attente est plus longue dans "
               "les vingt dernières minutes avant le début.",
               "Présentez votre badge à l'accueil, sur votre téléphone ou imprimé."});
}

rendered_message finish(std::string subject_line, const letter& l, bool with_badge) {
    return {std::move(subject_line), l.text(), l.html(), with_badge};
}

std::string waitlist_sentence(const message_context& c) {
    if (c.waitlist_position > 0)
        return "Toutes les places sont attribuées pour le moment : votre inscription est enregistrée sur la liste "
               "d'attente, en position " + std::to_string(c.waitlist_position) + ".";
    return "Toutes les places sont attribuées pour le moment : votre inscription est enregistrée sur la liste "
           "d'attente.";
}

rendered_message badge_message(message_kind kind, const message_context& c) {
    std::string title = quoted(c.event_title);
    std::string heading = "Inscription confirmée";
    std::string subject_line = subject("Inscription confirmée", c);
    std::string intro = "Votre inscription au colloque " + title + " est confirmée. Nous vous remercions de votre "
                        "intérêt et serons heureux de vous accueillir.";
    if (kind == message_kind::promoted) {
        heading = "Une place s'est libérée pour vous";
        subject_line = subject("Une place s'est libérée", c);
        intro = "Bonne nouvelle : une place s'est libérée et votre inscription au colloque " + title +
                " est désormais confirmée. Vous n'êtes plus sur la liste d'attente.";
    } else if (kind == message_kind::approved) {
        heading = "Inscription validée et confirmée";
        subject_line = subject("Inscription validée et confirmée", c);
        intro = "L'" + association(c) + " a validé votre inscription au colloque " + title +
                " : votre inscription est confirmée.";
    }

    letter l(heading);
    greet(l, c);
    l.paragraph(intro);
    event_details(l, c);

    l.heading("Votre badge");
    l.paragraph("À l'entrée, présentez le QR code de votre badge sur l'écran de votre téléphone, ou imprimé.");
    l.image(badge_content_id, "QR code de votre badge", 240);
    l.paragraph("Le QR code est joint à ce message en image, avec le badge à imprimer au format PDF. "
                "Votre badge porte les informations suivantes :");
    l.details({{"Nom", full_name(c)},
               {"Collectivité ou organisme", c.organisation},
               {"Fonction", c.role},
               {"Association partenaire", c.partner_name}});
    contact_paragraph(l, c, "Si votre nom n'y est pas écrit comme sur votre pièce d'identité, écrivez-nous à ");
    late_for_list(l, c);

    on_the_day(l);
    l.paragraph("Le fichier de calendrier joint (.ics) ajoute le colloque à votre agenda.");

    l.heading("Un changement de programme ?");
    l.paragraph("Si vous ne pouvez plus venir, merci d'annuler votre inscription : votre place sera proposée à la "
                "première personne de la liste d'attente.");
    l.button("Gérer mon inscription", c.manage_url);
    sign_off(l, c);
    return finish(subject_line, l, true);
}

rendered_message waitlisted_message(message_kind kind, const message_context& c) {
    std::string title = quoted(c.event_title);
    bool approved = kind == message_kind::approved;
    letter l(approved ? "Inscription validée, en liste d'attente" : "Inscription en liste d'attente");
    greet(l, c);
    if (approved)
        l.paragraph("L'" + association(c) + " a validé votre inscription au colloque " + title + ".");
    else
        l.paragraph("Merci pour votre inscription au colloque " + title + ".");
    l.paragraph(waitlist_sentence(c));
    l.paragraph("Si une place se libère, elle sera attribuée dans l'ordre de la liste d'attente, et vous recevrez "
                "alors un e-mail avec votre badge. Vous n'avez rien à faire d'ici là.");
    event_details(l, c);
    late_for_list(l, c);
    l.heading("Gérer mon inscription");
    l.paragraph("Si vous ne souhaitez plus venir, vous pouvez retirer votre inscription de la liste d'attente :");
    l.button("Gérer mon inscription", c.manage_url);
    sign_off(l, c);
    return finish(subject(approved ? "Inscription validée, liste d'attente" : "Liste d'attente", c), l, false);
}

rendered_message pending_message(const message_context& c) {
    letter l("Inscription en attente de validation");
    greet(l, c);
    l.paragraph("Nous avons bien reçu votre inscription au colloque " + quoted(c.event_title) + ".");
    l.paragraph("Elle est en attente de validation par l'" + association(c) +
                ". Vous recevrez un e-mail dès qu'elle aura été examinée, avec votre badge si votre place est "
                "confirmée. Vous n'avez rien à faire d'ici là.");
    event_details(l, c);
    l.heading("Gérer mon inscription");
    l.paragraph("Pour consulter votre inscription ou l'annuler :");
    l.button("Gérer mon inscription", c.manage_url);
    sign_off(l, c);
    return finish(subject("Inscription en attente de validation", c), l, false);
}

rendered_message cancelled_message(const message_context& c) {
    letter l("Inscription annulée");
    greet(l, c);
    l.paragraph("Votre inscription au colloque " + quoted(c.event_title) +
                " est annulée. Votre badge n'est plus valable.");
    event_details(l, c);
    l.paragraph("Si vos projets changent, vous pouvez vous inscrire de nouveau, dans la limite des places "
                "disponibles, depuis la page d'inscription :");
    l.paragraph(std::vector<span>{link(site_url(c, "/"))});
    contact_paragraph(l, c, "Si vous n'êtes pas à l'origine de cette annulation, écrivez-nous à ");
    l.button("Consulter mon inscription", c.manage_url);
    sign_off(l, c);
    return finish(subject("Inscription annulée", c), l, false);
}

rendered_message declined_message(const message_context& c) {
    letter l("Inscription non validée");
    greet(l, c);
    l.paragraph("L'" + association(c) + " n'a pas validé votre inscription au colloque " + quoted(c.event_title) +
                ". Votre inscription n'est donc pas retenue, et aucun badge ne sera émis.");
    contact_paragraph(l, c, "Pour toute question, vous pouvez nous écrire à ");
    l.button("Consulter mon inscription", c.manage_url);
    sign_off(l, c);
    return finish(subject("Inscription non validée", c), l, false);
}

std::string status_text(const message_context& c) {
    auto s = domain::status_from(c.status);
    if (!s) return "";
    std::string label(domain::french_label(*s));
    if (*s == domain::status::waitlisted && c.waitlist_position > 0)
        label += " (position " + std::to_string(c.waitlist_position) + ")";
    return label;
}

rendered_message already_registered_message(const message_context& c) {
    letter l("Votre inscription existe déjà");
    greet(l, c);
    l.paragraph("Une demande d'inscription au colloque " + quoted(c.event_title) +
                " vient d'être faite avec votre adresse e-mail, probablement par vous. Cette adresse est déjà "
                "inscrite : aucune nouvelle inscription n'a été créée, et rien n'a été modifié.");
    l.details({{"État de votre inscription", status_text(c)}, {"Date et horaires", c.event_date}, {"Lieu", c.venue}});
    l.paragraph("Voici de nouveau le lien pour gérer votre inscription : vous pouvez la consulter, retrouver votre "
                "badge lorsqu'elle est confirmée, ou l'annuler.");
    l.button("Gérer mon inscription", c.manage_url);
    l.paragraph("Si vous n'êtes pas à l'origine de cette demande, vous n'avez rien à faire : votre inscription "
                "reste inchangée.");
    sign_off(l, c);
    return finish(subject("Votre inscription existe déjà", c), l, false);
}

rendered_message reminder_message(const message_context& c) {
    std::string title = quoted(c.event_title);
    letter l("Rappel : le colloque approche");
    greet(l, c);
    if (c.status == "waitlisted") {
        l.paragraph("Le colloque " + title + " approche. " + waitlist_sentence(c));
        l.paragraph("Si une place se libère, vous recevrez aussitôt un e-mail avec votre badge. Sans ce badge, "
                    "l'entrée ne pourra pas vous être garantie.");
        event_details(l, c);
        l.paragraph("Si vous ne souhaitez plus venir, retirez votre inscription de la liste d'attente :");
        l.button("Gérer mon inscription", c.manage_url);
        sign_off(l, c);
        return finish(subject("Rappel, liste d'attente", c), l, false);
    }
    if (c.status == "pending") {
        l.paragraph("Le colloque " + title + " approche. Votre inscription attend toujours la validation de l'" +
                    association(c) + " : vous recevrez un e-mail dès qu'elle aura été examinée.");
        event_details(l, c);
        l.button("Gérer mon inscription", c.manage_url);
        sign_off(l, c);
        return finish(subject("Rappel, inscription en attente de validation", c), l, false);
    }
    l.paragraph("Nous avons le plaisir de vous rappeler que vous êtes inscrit(e) au colloque " + title +
                ". Voici ce qu'il vous faut pour ce jour-là.");
    event_details(l, c);
    l.heading("Votre badge");
    if (c.badge_attached) {
        l.paragraph("À l'entrée, présentez le QR code de votre badge sur l'écran de votre téléphone, ou imprimé.");
        l.image(badge_content_id, "QR code de votre badge", 240);
        l.paragraph("Le QR code est de nouveau joint à ce message en image, avec le badge à imprimer au format PDF.");
    } else {
        l.paragraph("Votre badge (QR code et PDF à imprimer) reste disponible sur la page de votre inscription, "
                    "avec le lien ci-dessous.");
    }
    late_for_list(l, c);
    on_the_day(l);
    l.paragraph("Si vous ne pouvez plus venir, merci d'annuler votre inscription : votre place sera proposée à la "
                "première personne de la liste d'attente.");
    l.button("Gérer mon inscription", c.manage_url);
    sign_off(l, c);
    return finish(subject("Rappel", c), l, c.badge_attached);
}

rendered_message thank_you_message(const message_context& c) {
    letter l("Merci de votre participation");
    greet(l, c);
    l.paragraph("Merci d'avoir participé au colloque " + quoted(c.event_title) + ", le " + c.event_date +
                ". Nous espérons que ces échanges vous seront utiles.");
    if (!c.certificate_url.empty()) {
        l.heading("Votre attestation de présence");
        l.paragraph("Votre attestation de présence est jointe à ce message, au format PDF. Elle porte un code que "
                    "votre employeur peut vérifier à cette adresse :");
        l.paragraph(std::vector<span>{link(c.certificate_url)});
        l.paragraph("Vous pouvez aussi la télécharger de nouveau depuis la page de votre inscription :");
    } else {
        l.paragraph("La page de votre inscription reste accessible :");
    }
    l.button("Mon inscription", c.manage_url);
    sign_off(l, c);
    return finish(subject("Merci de votre participation", c), l, false);
}

// Sent after the data is gone: no name, no link, nothing of the registration.
rendered_message erased_message(const message_context& c) {
    letter l("Vos données ont été effacées");
    l.paragraph("Bonjour,");
    l.paragraph("Comme vous l'avez demandé, les données de votre inscription au colloque " + quoted(c.event_title) +
                " ont été effacées : votre nom, votre adresse e-mail, votre organisme, votre fonction et vos réponses. "
                "Votre inscription est annulée, et le lien qui permettait de la gérer ne fonctionne plus.");
    l.paragraph("Seules restent, sans rien qui vous désigne, les données qui servent aux statistiques du colloque "
                "(la date de l'inscription, son statut, l'association partenaire).");
    contact_paragraph(l, c, "Pour toute question, écrivez-nous à ");
    sign_off(l, c);
    return finish(subject("Vos données ont été effacées", c), l, false);
}

}  // namespace

void sign_off(letter& l, const message_context& c) {
    std::vector<std::vector<span>> lines;
    if (!c.organiser.empty()) lines.push_back({{"Colloque organisé par " + c.organiser + ".", ""}});
    if (!c.contact_email.empty()) lines.push_back({{"Contact : ", ""}, mail_link(c.contact_email)});
    lines.push_back({{"Protection de vos données personnelles : ", ""}, link(site_url(c, "/confidentialite"))});
    lines.push_back({{"Vous recevez ce message parce qu'une inscription à ce colloque a été faite avec votre "
                      "adresse e-mail.",
                      ""}});
    l.footer(lines);
}

std::optional<message_kind> message_kind_from(std::string_view text) {
    for (const auto& [kind, name] : kind_names)
        if (name == text) return kind;
    return std::nullopt;
}

std::string_view to_string(message_kind kind) {
    for (const auto& [k, name] : kind_names)
        if (k == kind) return name;
    return "";
}

rendered_message render_message(message_kind kind, const message_context& c) {
    switch (kind) {
        case message_kind::confirmed:
        case message_kind::promoted:
        case message_kind::approved:
            // A badge only for a registration that is confirmed now.
            if (c.status == "waitlisted") return waitlisted_message(kind, c);
            if (c.status == "pending") return pending_message(c);
            if (c.status == "cancelled") return cancelled_message(c);
            return badge_message(kind, c);
        case message_kind::waitlisted: return waitlisted_message(kind, c);
        case message_kind::pending: return pending_message(c);
        case message_kind::cancelled: return cancelled_message(c);
        case message_kind::declined: return declined_message(c);
        case message_kind::already_registered: return already_registered_message(c);
        case message_kind::reminder: return reminder_message(c);
        case message_kind::thank_you: return thank_you_message(c);
        case message_kind::erased: return erased_message(c);
    }
    return already_registered_message(c);
}

}  // namespace colloq::mail
