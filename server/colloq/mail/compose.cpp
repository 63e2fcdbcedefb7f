#include "colloq/mail/compose.hpp"

#include <memory>
#include <mutex>
#include <stdexcept>
#include <string_view>

#include <gmime/gmime.h>

#include "colloq/domain/text.hpp"

namespace colloq::mail {

namespace {

// Every GMime object is a GObject: one owner type releases them all.
template <class T>
using g_ptr = std::unique_ptr<T, void (*)(gpointer)>;

template <class T>
g_ptr<T> own(T* object) {
    if (!object) throw std::runtime_error("GMime could not create a MIME object");
    return g_ptr<T>(object, g_object_unref);
}

using date_ptr = std::unique_ptr<GDateTime, decltype(&g_date_time_unref)>;
using format_ptr = std::unique_ptr<GMimeFormatOptions, decltype(&g_mime_format_options_free)>;

void init_gmime() {
    static std::once_flag once;
    std::call_once(once, [] { g_mime_init(); });
}

// What reaches a header: a control character (CR and LF above all) would end the
// field and start a new one, so each becomes a space.
std::string header_value(std::string_view s) {
    std::string out(s);
    for (char& c : out) {
        auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u == 0x7F) c = ' ';
    }
    return out;
}

// Message-ID and Content-ID: GMime adds the angle brackets; spaces have no place there.
std::string id_value(std::string_view s) {
    std::string out;
    for (char c : header_value(s))
        if (c != ' ' && c != '<' && c != '>') out += c;
    return out;
}

// One line-end convention inside the parts; GMime writes CRLF when serialising.
std::string unix_newlines(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '\r') {
            out += '\n';
            if (i + 1 < s.size() && s[i + 1] == '\n') ++i;
        } else {
            out += s[i];
        }
    }
    return out;
}

struct mailbox {
    std::string name, address;
};

mailbox split_mailbox(std::string_view text) {
    std::string t = domain::trim(text);
    auto lt = t.rfind('<');
    if (lt == std::string::npos || t.back() != '>') return {"", t};
    mailbox m{domain::trim(t.substr(0, lt)), domain::trim(t.substr(lt + 1, t.size() - lt - 2))};
    if (m.name.size() >= 2 && m.name.front() == '"' && m.name.back() == '"') {
        std::string unquoted;
        for (std::size_t i = 1; i + 1 < m.name.size(); ++i) {
            if (m.name[i] == '\\' && i + 2 < m.name.size()) ++i;
            unquoted += m.name[i];
        }
        m.name = unquoted;
    }
    return m;
}

void add_mailbox(GMimeMessage* message, GMimeAddressType type, const std::string& name, const std::string& address) {
    auto ia = own(internet_address_mailbox_new(header_value(name).c_str(), header_value(address).c_str()));
    internet_address_set_charset(ia.get(), "utf-8");
    internet_address_list_add(g_mime_message_get_addresses(message, type), ia.get());
}

void set_bytes(GMimePart* part, std::string_view bytes) {
    auto stream = own(g_mime_stream_mem_new_with_buffer(bytes.data(), bytes.size()));
    auto content = own(g_mime_data_wrapper_new_with_stream(stream.get(), GMIME_CONTENT_ENCODING_DEFAULT));
    g_mime_part_set_content(part, content.get());
}

g_ptr<GMimeObject> text_part(const char* subtype, std::string_view text) {
    auto part = own(g_mime_text_part_new_with_subtype(subtype));
    set_bytes(GMIME_PART(part.get()), unix_newlines(text));
    // Set after the content, and explicitly: GMime would otherwise pick the smallest charset that fits.
    g_mime_text_part_set_charset(part.get(), "utf-8");
    g_mime_part_set_content_encoding(GMIME_PART(part.get()), GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE);
    return g_ptr<GMimeObject>(GMIME_OBJECT(part.release()), g_object_unref);
}

g_ptr<GMimeObject> attachment_part(const attachment& a) {
    auto type = own(g_mime_content_type_parse(nullptr, header_value(a.content_type).c_str()));
    auto object = own(g_mime_object_new(nullptr, type.get()));
    if (!GMIME_IS_PART(object.get()))
        throw std::invalid_argument("an attachment cannot be of type " + a.content_type);
    GMimePart* part = GMIME_PART(object.get());
    set_bytes(part, a.data);
    bool shown_inline = !a.content_id.empty();
    g_mime_object_set_disposition(object.get(), shown_inline ? "inline" : "attachment");
    if (!a.filename.empty()) g_mime_part_set_filename(part, header_value(a.filename).c_str());
    if (shown_inline) g_mime_part_set_content_id(part, id_value(a.content_id).c_str());
    // Base64 for every attachment, text ones included: the bytes come back exactly.
    g_mime_part_set_content_encoding(part, GMIME_CONTENT_ENCODING_BASE64);
    return object;
}

g_ptr<GMimeObject> multipart(const char* subtype) {
    auto part = own(g_mime_multipart_new_with_subtype(subtype));
    return g_ptr<GMimeObject>(GMIME_OBJECT(part.release()), g_object_unref);
}

g_ptr<GMimeObject> body(const email& e) {
    auto alternative = multipart("alternative");
    g_mime_multipart_add(GMIME_MULTIPART(alternative.get()), text_part("plain", e.text).get());
    g_mime_multipart_add(GMIME_MULTIPART(alternative.get()), text_part("html", e.html).get());

    g_ptr<GMimeObject> result = std::move(alternative);
    bool any_inline = false, any_attached = false;
    for (const auto& a : e.attachments) (a.content_id.empty() ? any_attached : any_inline) = true;

    if (any_inline) {
        auto related = multipart("related");
        g_mime_object_set_content_type_parameter(related.get(), "type", "multipart/alternative");
        g_mime_multipart_add(GMIME_MULTIPART(related.get()), result.get());
        for (const auto& a : e.attachments)
            if (!a.content_id.empty()) g_mime_multipart_add(GMIME_MULTIPART(related.get()), attachment_part(a).get());
        result = std::move(related);
    }
    if (any_attached) {
        auto mixed = multipart("mixed");
        g_mime_multipart_add(GMIME_MULTIPART(mixed.get()), result.get());
        for (const auto& a : e.attachments)
            if (a.content_id.empty()) g_mime_multipart_add(GMIME_MULTIPART(mixed.get()), attachment_part(a).get());
        result = std::move(mixed);
    }
    return result;
}

}  // namespace

std::string address_of(const std::string& mailbox) { return split_mailbox(mailbox).address; }

std::string compose(const email& e) {
    init_gmime();
    auto message = own(g_mime_message_new(TRUE));
    GMimeMessage* m = message.get();

    mailbox from = split_mailbox(e.from);
    add_mailbox(m, GMIME_ADDRESS_TYPE_FROM, from.name, from.address);
    if (!domain::trim(e.reply_to).empty()) {
        mailbox reply_to = split_mailbox(e.reply_to);
        add_mailbox(m, GMIME_ADDRESS_TYPE_REPLY_TO, reply_to.name, reply_to.address);
    }
    add_mailbox(m, GMIME_ADDRESS_TYPE_TO, e.to_name, e.to_address);
    g_mime_message_set_subject(m, header_value(e.subject).c_str(), "utf-8");

    auto seconds = std::chrono::floor<std::chrono::seconds>(e.date).time_since_epoch().count();
    date_ptr date(g_date_time_new_from_unix_utc(seconds), &g_date_time_unref);
    if (!date) throw std::invalid_argument("email date out of range");
    g_mime_message_set_date(m, date.get());

    std::string id = id_value(e.message_id);
    if (!id.empty()) g_mime_message_set_message_id(m, id.c_str());

    for (const auto& [name, value] : e.headers)
        g_mime_object_set_header(GMIME_OBJECT(m), id_value(name).c_str(), header_value(value).c_str(), nullptr);

    g_mime_message_set_mime_part(m, body(e).get());

    format_ptr format(g_mime_format_options_new(), &g_mime_format_options_free);
    g_mime_format_options_set_newline_format(format.get(), GMIME_NEWLINE_FORMAT_DOS);
    auto stream = own(g_mime_stream_mem_new());
    if (g_mime_object_write_to_stream(GMIME_OBJECT(m), format.get(), stream.get()) < 0)
        throw std::runtime_error("GMime could not write the email");
    GByteArray* bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(stream.get()));
    return std::string(reinterpret_cast<const char*>(bytes->data), bytes->len);
}

}  // namespace colloq::mail
