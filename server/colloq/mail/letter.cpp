#include "colloq/mail/letter.hpp"

#include "colloq/domain/text.hpp"

namespace colloq::mail {

namespace {

using domain::html_escape;

constexpr std::string_view nbsp = "\xC2\xA0";
constexpr std::string_view open_quote = "\xC2\xAB";   // «
constexpr std::string_view close_quote = "\xC2\xBB";  // »

// Dark text on white and the French public service blue: well above WCAG AA contrast.
constexpr std::string_view font = "font-family:Arial,Helvetica,sans-serif;";
constexpr std::string_view ink = "#1e1e1e";
constexpr std::string_view blue = "#000091";

std::string block(std::string_view inner, std::string_view padding = "0 28px 16px") {
    return "<tr><td style=\"padding:" + std::string(padding) + ";" + std::string(font) +
           "font-size:16px;line-height:24px;color:" + std::string(ink) + ";\">" + std::string(inner) + "</td></tr>\n";
}

std::string underline(std::string_view text, char c) {
    return std::string(domain::count_code_points(text), c);
}

std::string spans_text(const std::vector<span>& spans) {
    std::string out;
    for (const auto& s : spans) out += s.href.empty() ? french_spacing(s.text) : s.text;
    return out;
}

std::string spans_html(const std::vector<span>& spans, std::string_view link_colour) {
    std::string out;
    for (const auto& s : spans) {
        if (s.href.empty()) {
            out += html_escape(french_spacing(s.text));
        } else {
            out += "<a href=\"" + html_escape(s.href) + "\" style=\"color:" + std::string(link_colour) +
                   ";text-decoration:underline;word-break:break-all;\">" + html_escape(s.text) + "</a>";
        }
    }
    return out;
}

}  // namespace

std::string french_spacing(std::string_view text) {
    std::string out;
    out.reserve(text.size() + 8);
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == ' ') {
            std::string_view next = text.substr(i + 1);
            bool before = !next.empty() && (next[0] == ':' || next[0] == ';' || next[0] == '?' || next[0] == '!');
            before = before || next.substr(0, close_quote.size()) == close_quote;
            bool after = out.size() >= open_quote.size() && out.compare(out.size() - open_quote.size(),
                                                                        open_quote.size(), open_quote) == 0;
            if (before || after) {
                out += nbsp;
                continue;
            }
        }
        out += text[i];
    }
    return out;
}

letter::letter(std::string title) : title_(french_spacing(title)) {
    text_ = title_ + "\n" + underline(title_, '=') + "\n\n";
    html_ = block("<h1 style=\"margin:0;font-size:24px;line-height:30px;color:" + std::string(blue) + ";\">" +
                      html_escape(title_) + "</h1>",
                  "28px 28px 16px");
}

void letter::heading(std::string_view text) {
    std::string t = french_spacing(text);
    text_ += t + "\n" + underline(t, '-') + "\n\n";
    html_ += block("<h2 style=\"margin:0;font-size:19px;line-height:26px;color:" + std::string(blue) + ";\">" +
                       html_escape(t) + "</h2>",
                   "12px 28px 8px");
}

void letter::paragraph(std::string_view text) { paragraph(std::vector<span>{{std::string(text), ""}}); }

void letter::paragraph(const std::vector<span>& spans) {
    text_ += spans_text(spans) + "\n\n";
    html_ += block("<p style=\"margin:0;\">" + spans_html(spans, blue) + "</p>");
}

void letter::written_lines(const std::vector<std::vector<span>>& lines) {
    std::string inner;
    for (const auto& line : lines) {
        for (const auto& s : line) {
            text_ += s.text;
            inner += s.href.empty() ? html_escape(s.text)
                                    : "<a href=\"" + html_escape(s.href) + "\" style=\"color:" + std::string(blue) +
                                          ";word-break:break-all;\">" + html_escape(s.text) + "</a>";
        }
        text_ += "\n";
        inner += "<br>";
    }
    if (!inner.empty()) inner.erase(inner.size() - 4);
    text_ += "\n";
    html_ += block("<p style=\"margin:0;\">" + inner + "</p>");
}

void letter::details(const std::vector<std::pair<std::string, std::string>>& rows) {
    std::string inner;
    for (const auto& [label, value] : rows) {
        if (value.empty()) continue;
        text_ += french_spacing(label + " : " + value) + "\n";
        // Label above value: one column, readable on a narrow phone screen.
        inner += "<p style=\"margin:0 0 10px;\"><strong>" + html_escape(french_spacing(label + " :")) +
                 "</strong><br>" + html_escape(french_spacing(value)) + "</p>";
    }
    text_ += "\n";
    html_ += block("<div style=\"padding:14px 16px 4px;background-color:#f5f5fe;border-left:4px solid " +
                   std::string(blue) + ";\">" + inner + "</div>");
}

void letter::bullets(const std::vector<std::string>& items) {
    std::string inner;
    for (const auto& item : items) {
        std::string t = french_spacing(item);
        text_ += "- " + t + "\n";
        inner += "<li style=\"margin:0 0 8px;\">" + html_escape(t) + "</li>";
    }
    text_ += "\n";
    html_ += block("<ul style=\"margin:0;padding:0 0 0 22px;\">" + inner + "</ul>");
}

void letter::button(std::string_view label, std::string_view url) {
    std::string l = french_spacing(label);
    std::string href = html_escape(url);
    text_ += french_spacing(l + " :") + "\n" + std::string(url) + "\n\n";
    // A table cell carries the colour, so clients that ignore padding on links still show a button.
    html_ += block("<table role=\"presentation\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\"><tr>"
                   "<td style=\"background-color:" + std::string(blue) + ";border-radius:4px;\">"
                   "<a href=\"" + href + "\" style=\"display:inline-block;padding:12px 24px;" + std::string(font) +
                   "font-size:16px;font-weight:bold;color:#ffffff;text-decoration:none;\">" + html_escape(l) +
                   "</a></td></tr></table>"
                   "<p style=\"margin:12px 0 0;font-size:14px;line-height:20px;color:#3a3a3a;\">" +
                   html_escape(french_spacing("Si le bouton ne fonctionne pas, copiez ce lien dans votre "
                                              "navigateur :")) +
                   "<br><a href=\"" + href + "\" style=\"color:" + std::string(blue) + ";word-break:break-all;\">" +
                   href + "</a></p>");
}

void letter::image(std::string_view content_id, std::string_view alt, int size) {
    std::string px = std::to_string(size);
    html_ += "<tr><td align=\"center\" style=\"padding:0 28px 16px;\"><img src=\"cid:" + html_escape(content_id) +
             "\" alt=\"" + html_escape(alt) + "\" width=\"" + px + "\" height=\"" + px +
             "\" style=\"display:block;border:0;width:" + px + "px;height:" + px + "px;\"></td></tr>\n";
}

void letter::footer(const std::vector<std::vector<span>>& lines) {
    std::string inner;
    for (const auto& line : lines) {
        footer_text_ += spans_text(line) + "\n";
        if (!inner.empty()) inner += "<br>";
        inner += spans_html(line, "#3a3a3a");
    }
    footer_html_ = "<tr><td style=\"padding:16px 28px 24px;border-top:1px solid #dddddd;" + std::string(font) +
                   "font-size:13px;line-height:20px;color:#3a3a3a;\">" + inner + "</td></tr>\n";
}

std::string letter::text() const {
    // "-- " is the signature separator that mail clients recognise.
    return text_ + (footer_text_.empty() ? "" : "-- \n" + footer_text_);
}

std::string letter::html() const {
    return "<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n"
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
           "<meta name=\"color-scheme\" content=\"light\">\n<title>" +
           html_escape(title_) +
           "</title>\n</head>\n<body style=\"margin:0;padding:0;background-color:#eeeeee;\">\n"
           "<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" "
           "style=\"background-color:#eeeeee;\">\n<tr><td align=\"center\" style=\"padding:24px 8px;\">\n"
           "<table role=\"presentation\" width=\"600\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" "
           "style=\"width:100%;max-width:600px;background-color:#ffffff;border:1px solid #dddddd;\">\n" +
           html_ + footer_html_ + "</table>\n</td></tr>\n</table>\n</body>\n</html>\n";
}

}  // namespace colloq::mail
