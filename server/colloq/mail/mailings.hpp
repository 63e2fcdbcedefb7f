#pragma once
// E-mails that staff write to chosen registrations: the placeholders they may use, what a text
// must be, and the e-mail it becomes for one person.
#include <optional>
#include <string>
#include <string_view>

#include "colloq/config/config.hpp"
#include "colloq/domain/registration.hpp"
#include "colloq/mail/messages.hpp"

namespace colloq::mail {

// What every e-mail to this person says about the event and them; the caller adds the rest.
message_context context_for(const config::config& cfg, const domain::registration& r, std::string manage_url);

// {{prenom}}, {{nom}} and {{lien}} (the person's private link).
inline constexpr std::string_view placeholder_names[] = {"prenom", "nom", "lien"};

inline constexpr std::size_t max_subject_bytes = 200;
inline constexpr std::size_t max_body_bytes = 20000;

// What is wrong with a text, in French, for the field it names.
struct text_fault {
    std::string field;
    std::string message;
};
std::optional<text_fault> check_mailing_text(const std::string& subject, const std::string& body);

// The text with its placeholders replaced by the person's names and link.
std::string fill_placeholders(std::string_view text, const message_context& c);

// The e-mail for one person: the subject and text as written, placeholders filled, then the
// badge when attached and confirmed (`with_badge`), a button to the person's page, and the
// usual small print. The plain part is the text itself; the HTML part escapes it.
rendered_message render_mailing(const std::string& subject, const std::string& body, const message_context& c,
                                 bool with_badge);

}  // namespace colloq::mail
