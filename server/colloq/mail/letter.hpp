#pragma once
// The layout of an email, written once and read two ways: plain text, and HTML that
// common clients render (one column, tables, inline styles, no external image).
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace colloq::mail {

// French typography: a no-break space before « : ; ? ! » and », and after «.
std::string french_spacing(std::string_view text);

// Part of a paragraph: plain words, or a link (`href` set) that shows `text`.
struct span {
    std::string text;
    std::string href;
};
inline span link(std::string url) { return {url, std::move(url)}; }
inline span mail_link(std::string address) { return {address, "mailto:" + address}; }

class letter {
public:
    // The main heading; also the HTML page title.
    explicit letter(std::string title);

    void heading(std::string_view text);
    void paragraph(std::string_view text);
    void paragraph(const std::vector<span>& spans);
    // Lines as someone wrote them (no typographic change), kept line by line in both parts.
    void written_lines(const std::vector<std::vector<span>>& lines);
    // "Label : value" lines; rows with an empty value are left out.
    void details(const std::vector<std::pair<std::string, std::string>>& rows);
    void bullets(const std::vector<std::string>& items);
    // A button-like link, then the address itself for clients that show no button.
    void button(std::string_view label, std::string_view url);
    // A square image carried by the email (cid:), in the HTML only: the words around it must
    // tell a plain-text reader where to find it.
    void image(std::string_view content_id, std::string_view alt, int size);
    // Small print after the signature separator; one line each.
    void footer(const std::vector<std::vector<span>>& lines);

    std::string text() const;
    std::string html() const;

private:
    std::string title_;
    std::string text_;
    std::string html_;
    std::string footer_text_;
    std::string footer_html_;
};

}  // namespace colloq::mail
