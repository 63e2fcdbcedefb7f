#pragma once
// The French emails sent to attendees: subject, plain text and HTML for each change of status.
#include <optional>
#include <string>
#include <string_view>

namespace colloq::mail {

enum class message_kind {
    confirmed, waitlisted, promoted, pending, cancelled, already_registered, approved, declined,
    reminder,   // before the event ([[reminders]]); with the badge when asked and confirmed
    thank_you,  // after it, to those who came ([after_event])
    erased,     // the last e-mail: the person's data is erased
};

// The outbox's kind text: "confirmed", "waitlisted", "promoted"…
std::optional<message_kind> message_kind_from(std::string_view text);
std::string_view to_string(message_kind kind);

// The Content-ID under which the badge's QR image is attached: the HTML shows it inline. An
// addr-spec, as RFC 2392 has it: mail services and filters expect the "@".
inline constexpr std::string_view badge_content_id = "badge-qr@colloq";

struct message_context {
    std::string event_title;
    std::string event_date;  // « jeudi 10 octobre 2024, 9 h 00 – 13 h 00 »
    std::string venue;
    std::string organiser;
    std::string contact_email;
    std::string public_url;  // without the final slash or with it
    std::string first_name, last_name, organisation, role;
    std::string partner_name;  // empty for a public registration
    std::string status;        // the current status: "confirmed", "waitlisted", "pending", "cancelled"
    int waitlist_position = 0;  // 1-based; 0 when unknown
    std::string manage_url;
    // Set when the venue's security list was sent without this person: its recipient, and when
    // it was sent, in French.
    std::string list_recipient;
    std::string list_sent_on;
    bool registered_after_list = true;  // else: made before it was sent, confirmed only later
    bool badge_attached = false;  // a reminder carrying the badge again
    std::string certificate_url;  // the thank-you: its certificate's check page; empty: none attached
};

struct rendered_message {
    std::string subject, text, html;
    bool with_badge = false;  // attach the QR image (Content-ID badge_content_id), the PDF badge and the .ics
};

// confirmed, promoted and approved carry the badge while the registration is confirmed; when it is
// no longer, they describe its current status instead (approved onto the waiting list: the position).
rendered_message render_message(message_kind kind, const message_context& c);

class letter;
// The small print every e-mail ends with: organiser, contact, privacy notice, why it came.
void sign_off(letter& l, const message_context& c);

}  // namespace colloq::mail
