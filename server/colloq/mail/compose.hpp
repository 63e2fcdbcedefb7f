#pragma once
// One email as RFC 5322 bytes (GMime): the same bytes go to SMTP or to an .eml file.
#include <string>
#include <utility>
#include <vector>

#include "colloq/domain/time.hpp"

namespace colloq::mail {

struct attachment {
    std::string filename;
    std::string content_type;  // "application/pdf", "text/calendar; charset=utf-8; method=PUBLISH"
    std::string data;          // raw bytes
    std::string content_id;    // non-empty: shown inline in the HTML through cid:
};

struct email {
    std::string from;      // "Colloque IA <inscriptions@example.org>" (the display name may hold UTF-8)
    std::string reply_to;  // optional, same form as `from`
    std::string to_name, to_address;
    std::string subject;  // UTF-8
    std::string text, html;  // the two alternatives
    std::vector<attachment> attachments;
    // Without angle brackets, stable per outbox row, so that a resent copy is recognised as the same email.
    std::string message_id;
    domain::clock_time date;
    // More header fields, in ASCII: a mailing's List-Id and List-Unsubscribe (RFC 2369, 2919, 8058).
    std::vector<std::pair<std::string, std::string>> headers;
};

// multipart/mixed [ multipart/related [ multipart/alternative [text, html], inline parts ],
// other attachments ], or only the multipart/alternative when there is no attachment.
// CRLF line ends, every line at most 998 octets. Control characters in header values
// (CR and LF above all) become spaces, so no field can add a header.
std::string compose(const email& e);

// "Name <addr@host>", "\"Name\" <addr@host>" or "addr@host": the address part alone.
std::string address_of(const std::string& mailbox);

}  // namespace colloq::mail
