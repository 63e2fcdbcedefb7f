#include <gtest/gtest.h>

#include <algorithm>
#include <functional>

#include <boost/json.hpp>

#include "colloq/mail/compose.hpp"
#include "test_support.hpp"

namespace colloq::mail {
namespace {

namespace json = boost::json;
using testing::temp_dir;

// Python's own email package reads the message back, as a mail client would.
constexpr const char* parse_script = R"py(
import json, sys, email, email.policy
m = email.message_from_bytes(open(sys.argv[1], 'rb').read(), policy=email.policy.default)

def node(p):
    n = {'type': p.get_content_type(),
         'disposition': p.get_content_disposition() or '',
         'filename': p.get_filename() or '',
         'content_id': str(p.get('Content-ID', '')),
         'charset': p.get_content_charset() or '',
         'encoding': str(p.get('Content-Transfer-Encoding', '')).lower(),
         'headers': [k.lower() for k in p.keys()]}
    if p.is_multipart():
        n['parts'] = [node(c) for c in p.iter_parts()]
    else:
        n['payload_hex'] = p.get_payload(decode=True).hex()
        if p.get_content_maintype() == 'text' and not p.get_content_disposition():
            # The wire has CRLF; a reader sees lines.
            n['content'] = p.get_content().replace('\r\n', '\n')
    return n

def addresses(name):
    h = m[name]
    return [] if h is None else [{'name': a.display_name, 'address': a.addr_spec} for a in h.addresses]

defects = [str(d) for p in m.walk() for d in p.defects]
print(json.dumps({
    'headers': [k.lower() for k in m.keys()],
    'subject': str(m['Subject'] or ''),
    'from': addresses('From'), 'to': addresses('To'), 'reply_to': addresses('Reply-To'),
    'message_id': str(m['Message-ID'] or ''),
    'date': m['Date'].datetime.isoformat() if m['Date'] is not None else '',
    'mime_version': str(m['MIME-Version'] or ''),
    'defects': defects,
    'tree': node(m)}))
)py";

json::object parse_back(const std::string& message) {
    temp_dir dir;
    testing::write_file(dir.path() / "parse.py", parse_script);
    testing::write_file(dir.path() / "message.eml", message);
    auto r = testing::run("/usr/bin/python3 " + (dir.path() / "parse.py").string() + " " +
                          (dir.path() / "message.eml").string());
    if (r.status != 0) throw std::runtime_error("python could not parse the message");
    return json::parse(r.out).as_object();
}

std::string str(const json::value& v) { return std::string(v.as_string()); }

std::string hex(const std::string& bytes) {
    static const char digits[] = "0123456789abcdef";
    std::string out;
    for (unsigned char c : bytes) {
        out += digits[c >> 4];
        out += digits[c & 15];
    }
    return out;
}

std::string all_bytes() {
    std::string s;
    for (int round = 0; round < 3; ++round)
        for (int i = 0; i < 256; ++i) s += static_cast<char>(i);
    s += std::string(10, '\0');
    return s;
}

const std::string pdf_bytes = testing::bytes_of("%PDF-1.4\n\0\0\xff\xfe binary\r\n\r") + all_bytes();
const std::string png_bytes = testing::bytes_of("\x89PNG\r\n\x1a\n\0\0\0\rIHDR") + all_bytes();
const std::string ics_bytes =
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nSUMMARY:L'IA dans les collectivités\r\nEND:VCALENDAR\r\n";

const std::string subject =
    "Inscription confirmée\u00A0: «\u00A0L'IA dans les collectivités territoriales\u00A0: quels besoins, quels "
    "outils, quelle éthique\u00A0?\u00A0»";

email sample() {
    email e;
    e.from = "Colloque IA – Sénat <inscriptions@example.org>";
    e.reply_to = "Équipe du colloque <contact@example.org>";
    e.to_name = "Hélène Lefèvre-Çağlar";
    e.to_address = "helene@example.org";
    e.subject = subject;
    e.text = "Bonjour Hélène,\n\nVotre inscription est confirmée.\n";
    e.html = "<!DOCTYPE html><html lang=\"fr\"><body><p>Bonjour Hélène,</p><img src=\"cid:badge-qr\"></body></html>";
    e.attachments = {{"badge-qr.png", "image/png", png_bytes, "badge-qr"},
                     {"badge.pdf", "application/pdf", pdf_bytes, ""},
                     {"colloque.ics", "text/calendar; charset=utf-8; method=PUBLISH", ics_bytes, ""}};
    e.message_id = "outbox-42.ia-collectivites-2024@example.org";
    e.date = domain::clock_time(std::chrono::milliseconds(1728543600000));  // 2024-10-10T07:00:00Z
    return e;
}

std::vector<std::string> names(const json::value& list) {
    std::vector<std::string> out;
    for (const auto& v : list.as_array()) out.push_back(str(v));
    return out;
}

TEST(mail_compose, headers_decode_to_what_was_given) {
    auto m = parse_back(compose(sample()));
    EXPECT_TRUE(m.at("defects").as_array().empty()) << json::serialize(m.at("defects"));
    EXPECT_EQ(str(m.at("subject")), subject);
    ASSERT_EQ(m.at("to").as_array().size(), 1u);
    EXPECT_EQ(str(m.at("to").at(0).at("name")), "Hélène Lefèvre-Çağlar");
    EXPECT_EQ(str(m.at("to").at(0).at("address")), "helene@example.org");
    ASSERT_EQ(m.at("from").as_array().size(), 1u);
    EXPECT_EQ(str(m.at("from").at(0).at("name")), "Colloque IA – Sénat");
    EXPECT_EQ(str(m.at("from").at(0).at("address")), "inscriptions@example.org");
    ASSERT_EQ(m.at("reply_to").as_array().size(), 1u);
    EXPECT_EQ(str(m.at("reply_to").at(0).at("name")), "Équipe du colloque");
    EXPECT_EQ(str(m.at("reply_to").at(0).at("address")), "contact@example.org");
    EXPECT_EQ(str(m.at("message_id")), "<outbox-42.ia-collectivites-2024@example.org>");
    EXPECT_EQ(str(m.at("date")), "2024-10-10T07:00:00+00:00");
    EXPECT_EQ(str(m.at("mime_version")), "1.0");
}

TEST(mail_compose, message_id_is_stable_for_the_same_row) {
    auto first = parse_back(compose(sample()));
    auto again = parse_back(compose(sample()));
    EXPECT_EQ(str(first.at("message_id")), str(again.at("message_id")));
    email other = sample();
    other.message_id = "outbox-43.ia-collectivites-2024@example.org";
    EXPECT_NE(str(parse_back(compose(other)).at("message_id")), str(first.at("message_id")));
}

TEST(mail_compose, reply_to_only_when_set) {
    email e = sample();
    e.reply_to.clear();
    auto headers = names(parse_back(compose(e)).at("headers"));
    EXPECT_EQ(std::count(headers.begin(), headers.end(), "reply-to"), 0);
    EXPECT_EQ(std::count(headers.begin(), headers.end(), "date"), 1);
}

TEST(mail_compose, parts_nest_as_mixed_related_alternative) {
    auto tree = parse_back(compose(sample())).at("tree");
    EXPECT_EQ(str(tree.at("type")), "multipart/mixed");
    const auto& top = tree.at("parts").as_array();
    ASSERT_EQ(top.size(), 3u);

    const auto& related = top[0];
    EXPECT_EQ(str(related.at("type")), "multipart/related");
    ASSERT_EQ(related.at("parts").as_array().size(), 2u);
    const auto& alternative = related.at("parts").at(0);
    EXPECT_EQ(str(alternative.at("type")), "multipart/alternative");
    ASSERT_EQ(alternative.at("parts").as_array().size(), 2u);
    const auto& plain = alternative.at("parts").at(0);
    const auto& html = alternative.at("parts").at(1);
    EXPECT_EQ(str(plain.at("type")), "text/plain");
    EXPECT_EQ(str(plain.at("charset")), "utf-8");
    EXPECT_EQ(str(plain.at("encoding")), "quoted-printable");
    EXPECT_EQ(str(plain.at("content")), "Bonjour Hélène,\n\nVotre inscription est confirmée.\n");
    EXPECT_EQ(str(html.at("type")), "text/html");
    EXPECT_EQ(str(html.at("charset")), "utf-8");
    EXPECT_EQ(str(html.at("encoding")), "quoted-printable");
    EXPECT_NE(str(html.at("content")).find("<p>Bonjour Hélène,</p>"), std::string::npos);

    const auto& qr = related.at("parts").at(1);
    EXPECT_EQ(str(qr.at("type")), "image/png");
    EXPECT_EQ(str(qr.at("content_id")), "<badge-qr>");
    EXPECT_EQ(str(qr.at("disposition")), "inline");
    EXPECT_EQ(str(qr.at("encoding")), "base64");

    EXPECT_EQ(str(top[1].at("type")), "application/pdf");
    EXPECT_EQ(str(top[1].at("disposition")), "attachment");
    EXPECT_EQ(str(top[1].at("filename")), "badge.pdf");
    EXPECT_EQ(str(top[1].at("encoding")), "base64");
    EXPECT_EQ(str(top[2].at("type")), "text/calendar");
    EXPECT_EQ(str(top[2].at("disposition")), "attachment");
    EXPECT_EQ(str(top[2].at("filename")), "colloque.ics");
    EXPECT_EQ(str(top[2].at("encoding")), "base64");
}

TEST(mail_compose, attachment_bytes_come_back_exactly) {
    auto tree = parse_back(compose(sample())).at("tree");
    const auto& top = tree.at("parts").as_array();
    EXPECT_EQ(str(top[0].at("parts").at(1).at("payload_hex")), hex(png_bytes));
    EXPECT_EQ(str(top[1].at("payload_hex")), hex(pdf_bytes));
    EXPECT_EQ(str(top[2].at("payload_hex")), hex(ics_bytes));
}

TEST(mail_compose, without_attachments_only_the_alternative) {
    email e = sample();
    e.attachments.clear();
    auto tree = parse_back(compose(e)).at("tree");
    EXPECT_EQ(str(tree.at("type")), "multipart/alternative");
    ASSERT_EQ(tree.at("parts").as_array().size(), 2u);
    EXPECT_EQ(str(tree.at("parts").at(0).at("type")), "text/plain");
    EXPECT_EQ(str(tree.at("parts").at(1).at("type")), "text/html");
}

TEST(mail_compose, lines_end_with_crlf_and_stay_short) {
    email e = sample();
    e.subject = subject + " " + std::string(300, 'x') + " éèà" + std::string(200, 'y');
    e.text = std::string(3000, 'a') + "\n" + std::string(1500, 'b') + "\r\nfin\rdernière ligne";
    e.html = "<p>" + std::string(5000, 'c') + "</p>";
    std::string m = compose(e);
    std::size_t line_start = 0;
    for (std::size_t i = 0; i < m.size(); ++i) {
        if (m[i] == '\n') {
            ASSERT_TRUE(i > 0 && m[i - 1] == '\r') << "bare LF at byte " << i;
            EXPECT_LE(i - 1 - line_start, 998u) << "long line at byte " << line_start;
            line_start = i + 1;
        } else if (m[i] == '\r') {
            ASSERT_TRUE(i + 1 < m.size() && m[i + 1] == '\n') << "bare CR at byte " << i;
        }
    }
    EXPECT_LE(m.size() - line_start, 998u);
    auto parsed = parse_back(m);
    EXPECT_EQ(str(parsed.at("subject")), e.subject);
    const auto& plain = parsed.at("tree").at("parts").at(0).at("parts").at(0).at("parts").at(0);
    EXPECT_EQ(str(plain.at("content")),
              std::string(3000, 'a') + "\n" + std::string(1500, 'b') + "\nfin\ndernière ligne");
}

TEST(mail_compose, no_header_can_be_injected) {
    email e = sample();
    e.to_name = "Camille\r\nBcc: victim@example.org";
    e.to_address = "camille@example.org\r\nCc: other@example.org";
    e.subject = "Bonjour\r\nBcc: victim@example.org\nX-Injected: 1";
    e.from = "Colloque\r\nBcc: a@example.org <inscriptions@example.org>";
    e.reply_to = "contact@example.org\nBcc: b@example.org";
    e.message_id = "outbox-1@example.org>\r\nBcc: c@example.org";
    e.attachments[1].filename = "badge.pdf\r\nX-Injected: 1";
    e.attachments[2].content_type = "text/calendar\r\nX-Injected: 1";
    std::string raw = compose(e);
    auto m = parse_back(raw);
    auto headers = names(m.at("headers"));
    std::sort(headers.begin(), headers.end());
    EXPECT_EQ(headers, (std::vector<std::string>{"content-type", "date", "from", "message-id", "mime-version",
                                                 "reply-to", "subject", "to"}));
    EXPECT_EQ(str(m.at("subject")), "Bonjour  Bcc: victim@example.org X-Injected: 1");
    ASSERT_EQ(m.at("to").as_array().size(), 1u);
    EXPECT_EQ(str(m.at("to").at(0).at("name")), "Camille  Bcc: victim@example.org");

    std::function<void(const json::value&)> check_part = [&](const json::value& part) {
        for (const auto& h : part.at("headers").as_array())
            EXPECT_TRUE(h == "content-type" || h == "content-disposition" || h == "content-transfer-encoding" ||
                        h == "content-id" || h == "mime-version" || h == "date" || h == "from" || h == "to" ||
                        h == "reply-to" || h == "subject" || h == "message-id")
                << h;
        if (part.as_object().contains("parts"))
            for (const auto& child : part.at("parts").as_array()) check_part(child);
    };
    check_part(m.at("tree"));
    EXPECT_EQ(raw.find("\r\nBcc:"), std::string::npos);
    EXPECT_EQ(raw.find("\r\nCc:"), std::string::npos);
    EXPECT_EQ(raw.find("\r\nX-Injected:"), std::string::npos);
}

TEST(mail_compose, names_with_punctuation_stay_one_mailbox) {
    email e = sample();
    e.to_name = "Dupont, Camille (Mairie de \"Lyon\")";
    auto m = parse_back(compose(e));
    ASSERT_EQ(m.at("to").as_array().size(), 1u);
    EXPECT_EQ(str(m.at("to").at(0).at("name")), e.to_name);
    EXPECT_EQ(str(m.at("to").at(0).at("address")), "helene@example.org");
}

TEST(mail_compose, address_of_takes_the_mailbox_address) {
    EXPECT_EQ(address_of("Colloque IA <inscriptions@example.org>"), "inscriptions@example.org");
    EXPECT_EQ(address_of("\"Sénat, accueil\" <accueil@example.org>"), "accueil@example.org");
    EXPECT_EQ(address_of("  contact@example.org "), "contact@example.org");
}

}  // namespace
}  // namespace colloq::mail
