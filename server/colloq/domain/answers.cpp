#include "colloq/domain/answers.hpp"

#include <algorithm>
#include <cstdio>

#include "colloq/domain/text.hpp"

namespace colloq::domain {

namespace {

using kind = config::question::kind;

bool is_calendar_date(const std::string& s) {
    if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
    for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
        if (s[i] < '0' || s[i] > '9') return false;
    int year = std::stoi(s.substr(0, 4)), month = std::stoi(s.substr(5, 2)), day = std::stoi(s.substr(8, 2));
    if (year < 1900 || month < 1 || month > 12 || day < 1) return false;
    static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return day <= days[month - 1] + (month == 2 && leap ? 1 : 0);
}

// A line break typed in a textarea is kept (as \n); any other control character is refused.
std::optional<std::string> text_fault(std::string& value, const config::question& q) {
    if (q.type == kind::textarea) {
        std::string unix_lines;
        for (std::size_t i = 0; i < value.size(); ++i)
            if (!(value[i] == '\r' && i + 1 < value.size() && value[i + 1] == '\n')) unix_lines += value[i];
        value = unix_lines;
    }
    value = trim(value);
    std::string without_breaks = value;
    if (q.type == kind::textarea) std::replace(without_breaks.begin(), without_breaks.end(), '\n', ' ');
    if (has_control_characters(without_breaks))
        return q.type == kind::textarea ? "Votre réponse contient un caractère de contrôle : merci de le retirer."
                                        : "Votre réponse contient un retour à la ligne ou un caractère de "
                                          "contrôle : merci de le retirer.";
    if (has_invisible_formatting(value))
        return "Votre réponse contient un caractère invisible (espace de largeur nulle ou caractère qui inverse "
               "le sens de lecture) : merci de le retirer.";
    if (count_code_points(value) > q.max_length)
        return "Votre réponse ne doit pas dépasser " + std::to_string(q.max_length) + " caractères.";
    return std::nullopt;
}

// The fault of one answer, or none; `a` is cleaned, and emptied when nothing was answered.
std::optional<std::string> fault_of(answer& a, const config::question& q) {
    // Already cleared (a correction's removal): unanswered, so that validating again changes nothing.
    if (a.values.empty() && a.kind != answer::shape::other) return std::nullopt;
    auto one_text = [&a]() { return a.kind == answer::shape::text && a.values.size() == 1; };
    switch (q.type) {
        case kind::text:
        case kind::textarea:
            if (!one_text()) return "Répondez par un texte.";
            if (auto f = text_fault(a.values[0], q)) return f;
            if (a.values[0].empty()) a.values.clear();
            return std::nullopt;
        case kind::date:
            if (!one_text()) return "Indiquez une date (AAAA-MM-JJ).";
            a.values[0] = trim(a.values[0]);
            if (a.values[0].empty()) return a.values.clear(), std::nullopt;
            if (!is_calendar_date(a.values[0])) return "Indiquez une date valide, par exemple 2024-10-10.";
            return std::nullopt;
        case kind::choice:
            if (!one_text()) return "Choisissez une des réponses proposées.";
            if (a.values[0].empty()) return a.values.clear(), std::nullopt;
            if (std::find(q.options.begin(), q.options.end(), a.values[0]) == q.options.end())
                return "Choisissez une des réponses proposées.";
            return std::nullopt;
        case kind::choices: {
            if (a.kind != answer::shape::list) return "Cochez une ou plusieurs des réponses proposées.";
            std::vector<std::string> kept;  // in the configured order, each once
            for (const auto& v : a.values)
                if (std::find(q.options.begin(), q.options.end(), v) == q.options.end())
                    return "Cochez une ou plusieurs des réponses proposées.";
            for (const auto& o : q.options)
                if (std::find(a.values.begin(), a.values.end(), o) != a.values.end()) kept.push_back(o);
            a.values = std::move(kept);
            return std::nullopt;
        }
        case kind::checkbox:
            if (a.kind != answer::shape::flag || a.values.size() != 1) return "Cochez la case ou laissez-la vide.";
            if (a.values[0] != "true") a.values.clear();
            return std::nullopt;
    }
    return std::nullopt;
}

}  // namespace

void validate_answers(answer_map& given, const config::config& cfg, std::vector<field_error>& faults, bool partial) {
    for (const auto& [id, a] : given)
        if (!cfg.find_question(id)) faults.push_back({"answers." + id, "Cette question n'existe pas pour ce colloque."});
    answer_map kept;
    for (const auto& q : cfg.questions) {
        auto it = given.find(q.id);
        if (it == given.end()) {
            if (q.required && !partial)
                faults.push_back({"answers." + q.id, q.type == kind::checkbox ? "Cochez cette case pour continuer."
                                                                             : "Répondez à cette question."});
            continue;
        }
        answer a = it->second;
        if (auto f = fault_of(a, q)) {
            faults.push_back({"answers." + q.id, *f});
            continue;
        }
        if (a.values.empty()) {
            if (q.required)
                faults.push_back({"answers." + q.id, q.type == kind::checkbox ? "Cochez cette case pour continuer."
                                                                             : "Répondez à cette question."});
            else if (partial)
                kept[q.id] = a;  // a correction that clears an answer
            continue;
        }
        kept[q.id] = std::move(a);
    }
    given = std::move(kept);
}

std::string answer_text(const answer_map& answers, const std::string& id, const config::question* q) {
    auto it = answers.find(id);
    if (q && q->type == kind::checkbox) return it != answers.end() && !it->second.values.empty() ? "Oui" : "Non";
    if (it == answers.end()) return "";
    std::string out;
    for (const auto& v : it->second.values) out += (out.empty() ? "" : " ; ") + v;
    return out;
}

}  // namespace colloq::domain
