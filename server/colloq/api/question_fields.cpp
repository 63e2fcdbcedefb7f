#include "colloq/api/question_fields.hpp"

#include <algorithm>

#include "colloq/domain/answers.hpp"
#include "colloq/domain/text.hpp"

namespace colloq::api {

namespace {

using domain::html_escape;
using kind = config::question::kind;

bool chosen(const domain::answer_map& values, const std::string& id, const std::string& option) {
    auto it = values.find(id);
    return it != values.end() && std::find(it->second.values.begin(), it->second.values.end(), option) !=
                                     it->second.values.end();
}

std::string first_value(const domain::answer_map& values, const std::string& id) {
    auto it = values.find(id);
    return it != values.end() && !it->second.values.empty() ? it->second.values[0] : "";
}

// One box or button per option, in a fieldset whose legend is the question.
std::string options_html(const config::question& q, const domain::answer_map& values, const std::string& base,
                         const std::string& described, const std::string& invalid) {
    std::string type = q.type == kind::choice ? "radio" : "checkbox";
    std::string out;
    for (std::size_t i = 0; i < q.options.size(); ++i) {
        std::string id = i == 0 ? base : base + "-" + std::to_string(i + 1);
        const auto& option = q.options[i];
        out += "<div class=\"checkbox\"><input type=\"" + type + "\" id=\"" + id + "\" name=\"answers." +
               html_escape(q.id) + "\" value=\"" + html_escape(option) + "\"" +
               (chosen(values, q.id, option) ? " checked" : "") +
               (q.required && q.type == kind::choice ? " required" : "") +
               (q.type == kind::choices ? " data-answer=\"list\"" : "") + " aria-invalid=\"" + invalid + "\"" +
               described + "><label for=\"" + id + "\">" + html_escape(option) + "</label></div>\n";
    }
    return out;
}

}  // namespace

question_fields render_question_fields(const config::config& cfg, const domain::answer_map& values,
                                       const std::vector<domain::field_error>& faults) {
    question_fields out;
    for (const auto& q : cfg.questions) {
        std::string base = "q-" + html_escape(q.id);
        std::string field = "answers." + q.id;
        auto fault = std::find_if(faults.begin(), faults.end(), [&](const auto& f) { return f.field == field; });
        bool at_fault = fault != faults.end();
        std::string invalid = at_fault ? "true" : "false";
        std::string described;
        if (!q.help.empty()) described += base + "-hint";
        if (at_fault) described += (described.empty() ? "" : " ") + base + "-error";
        std::string describedby = described.empty() ? "" : " aria-describedby=\"" + described + "\"";
        std::string label = html_escape(q.label) + (q.required ? "" : " (facultatif)");
        std::string hint = q.help.empty() ? "" : "<p class=\"hint\" id=\"" + base + "-hint\">" + html_escape(q.help) + "</p>\n";
        std::string error = at_fault ? "<p class=\"field-error\" id=\"" + base + "-error\">" + html_escape(fault->message) + "</p>\n" : "";
        std::string required = q.required ? " required" : "";
        std::string value = html_escape(first_value(values, q.id));
        std::string name = " name=\"answers." + html_escape(q.id) + "\"";

        if (q.type == kind::choice || q.type == kind::choices) {
            out.html += "<fieldset class=\"field\"" + describedby + "><legend>" + label + "</legend>\n" + hint +
                        options_html(q, values, base, "", invalid) + error + "</fieldset>\n";
        } else if (q.type == kind::checkbox) {
            out.html += "<div class=\"field field-checkbox\">\n<div class=\"checkbox\"><input type=\"checkbox\" id=\"" +
                        base + "\"" + name + " value=\"true\" data-answer=\"flag\"" + (value == "true" ? " checked" : "") + required +
                        " aria-invalid=\"" + invalid + "\"" + describedby + "><label for=\"" + base + "\">" + label +
                        "</label></div>\n" + hint + error + "</div>\n";
        } else {
            std::string control;
            if (q.type == kind::textarea)
                control = "<textarea id=\"" + base + "\"" + name + " rows=\"4\" maxlength=\"" +
                          std::to_string(q.max_length) + "\"" + required + " aria-invalid=\"" + invalid + "\"" +
                          describedby + ">" + value + "</textarea>\n";
            else
                control = "<input type=\"" + std::string(q.type == kind::date ? "date" : "text") + "\" id=\"" + base +
                          "\"" + name + " value=\"" + value + "\"" +
                          (q.type == kind::text ? " maxlength=\"" + std::to_string(q.max_length) + "\"" : "") +
                          required + " aria-invalid=\"" + invalid + "\"" + describedby + ">\n";
            out.html += "<div class=\"field\">\n<label for=\"" + base + "\">" + label + "</label>\n" + hint + control +
                        error + "</div>\n";
        }
        if (at_fault)
            out.error_items += "<li><a href=\"#" + base + "\">" + html_escape(fault->message) + "</a></li>";
    }
    return out;
}

std::string answers_html(const config::config& cfg, const domain::answer_map& answers) {
    std::string out;
    for (const auto& q : cfg.questions) {
        std::string text = domain::answer_text(answers, q.id, &q);
        if (text.empty()) continue;
        out += "<dt>" + html_escape(q.label) + "</dt><dd>" + html_escape(text) + "</dd>";
    }
    return out.empty() ? "" : "<dl class=\"answers\">" + out + "</dl>";
}

}  // namespace colloq::api
