#include "colloq/imports/invitees.hpp"

#include <map>

#include "colloq/domain/text.hpp"
#include "colloq/domain/validation.hpp"
#include "colloq/exports/export_row.hpp"
#include "colloq/imports/csv_reader.hpp"

namespace colloq::imports {

namespace {

// What a column holds: a registration field, a question's answers, or nothing to import.
struct column_use {
    enum class kind { field, question, ignored } what = kind::ignored;
    std::string field;                       // first_name… or the question id
    const config::question* question = nullptr;
};

// Column titles compared without case, accents or surrounding spaces.
std::string title_key(std::string_view title) { return domain::search_key(domain::trim(title)); }

const std::map<std::string, std::string>& field_titles() {
    static const std::map<std::string, std::string> titles = [] {
        std::map<std::string, std::string> m;
        auto add = [&m](const std::string& field, std::initializer_list<const char*> names) {
            for (const char* n : names) m[title_key(n)] = field;
        };
        add("first_name", {"Prénom", "first_name", "first name"});
        add("last_name", {"Nom", "Nom de famille", "last_name", "last name"});
        add("email", {"E-mail", "Email", "Courriel", "Adresse e-mail", "Adresse email", "email"});
        add("organisation", {"Collectivité ou organisme", "Collectivité", "Organisme", "Organisation", "organisation"});
        add("role", {"Fonction", "Poste", "role"});
        add("partner", {"Association partenaire", "Association", "Partenaire", "partner"});
        // The export's other columns, which describe a registration rather than make one.
        add("", {"N°", "No", "id", "Statut", "status", "Inscrit le", "created_at", "Entrée à", "checked_in_at",
                 "Consentement le", "consent_at", "Version de la notice", "consent_version"});
        return m;
    }();
    return titles;
}

constexpr const char* required_fields[] = {"last_name", "first_name", "email", "organisation", "role"};

std::optional<column_use> use_of(std::string_view title, const config::config& cfg) {
    std::string key = title_key(title);
    if (auto it = field_titles().find(key); it != field_titles().end()) {
        if (it->second.empty()) return column_use{};
        return column_use{column_use::kind::field, it->second, nullptr};
    }
    for (const auto& q : cfg.questions)
        if (key == title_key(q.label) || key == title_key(q.id))
            return column_use{column_use::kind::question, q.id, &q};
    return std::nullopt;
}

// The association a cell names, by its id or its name; "" for none.
std::optional<std::string> partner_named(std::string_view cell, const config::config& cfg) {
    std::string key = title_key(cell);
    if (key.empty()) return std::string();
    for (const auto& p : cfg.partners)
        if (key == title_key(p.slug) || key == title_key(p.name)) return p.slug;
    return std::nullopt;
}

// A line break typed inside a spreadsheet cell (Alt+Entrée) becomes a space: names and
// organisations are one line, as on the form.
std::string one_line(const std::string& text) {
    auto is_break = [](char c) { return c == '\r' || c == '\n'; };
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (!is_break(text[i])) out += text[i];
        else if (i == 0 || !is_break(text[i - 1])) out += ' ';
    }
    return out;
}

// "10/10/2024", as French spreadsheets write dates, becomes "2024-10-10"; other text is kept.
std::string iso_date(const std::string& text) {
    if (text.size() == 10 && text[2] == '/' && text[5] == '/')
        return text.substr(6, 4) + "-" + text.substr(3, 2) + "-" + text.substr(0, 2);
    return text;
}

// A cell as an answer of its question's type; false when a box's value is not yes or no.
bool answer_from_cell(const config::question& q, const std::string& cell, domain::answer& out) {
    using kind = config::question::kind;
    if (q.type == kind::choices) {
        out.kind = domain::answer::shape::list;
        std::size_t start = 0;
        while (start <= cell.size()) {
            auto end = cell.find(';', start);
            if (end == std::string::npos) end = cell.size();
            if (auto part = domain::trim(std::string_view(cell).substr(start, end - start)); !part.empty())
                out.values.push_back(part);
            start = end + 1;
        }
        return true;
    }
    if (q.type == kind::checkbox) {
        std::string key = title_key(cell);
        out.kind = domain::answer::shape::flag;
        if (key == "oui" || key == "true" || key == "vrai" || key == "1" || key == "x") out.values = {"true"};
        else if (key == "non" || key == "false" || key == "faux" || key == "0") out.values = {"false"};
        else return false;
        return true;
    }
    out.kind = domain::answer::shape::text;
    out.values = {q.type == kind::date ? iso_date(cell) : q.type == kind::textarea ? cell : one_line(cell)};
    return true;
}

}  // namespace

invitee_file read_invitees(std::string_view bytes, const config::config& cfg,
                           const std::optional<std::string>& default_partner,
                           const std::optional<std::string>& only_partner) {
    invitee_file out;
    csv_table table = read_csv(bytes);
    out.encoding = table.encoding;
    out.separator = table.separator;
    auto fault = [&out](int line, std::string field, std::string column, std::string message) {
        out.faults.push_back({line, std::move(field), std::move(column), std::move(message)});
    };
    if (!table.error.empty()) {
        fault(0, "", "", table.error);
        return out;
    }
    if (table.rows.empty()) {
        fault(0, "", "", "Le fichier est vide : il faut une ligne de titres, puis une personne par ligne.");
        return out;
    }

    // The header: every column known, none twice, the five fields of a registration present.
    const csv_row& header = table.rows.front();
    std::vector<column_use> columns;
    std::map<std::string, std::string> seen;  // field or question id → its column's title
    for (const auto& title : header.fields) {
        auto use = use_of(title, cfg);
        if (!use) {
            fault(header.line, "", title,
                  "Colonne « " + domain::trim(title) + " » inconnue : les titres attendus sont ceux de l'export "
                  "(Nom, Prénom, E-mail, Collectivité ou organisme, Fonction, Association partenaire) ou "
                  "l'intitulé d'une question.");
            columns.emplace_back();
            continue;
        }
        if (use->what != column_use::kind::ignored) {
            if (auto [it, added] = seen.emplace(use->field, domain::trim(title)); !added)
                fault(header.line, "", title,
                      "Les colonnes « " + it->second + " » et « " + domain::trim(title) + " » disent la même chose : "
                      "gardez-en une seule.");
        }
        columns.push_back(*use);
    }
    for (const char* field : required_fields)
        if (!seen.count(field))
            fault(header.line, field, "", std::string("La colonne « ").append(exports::field_title(field)).append(" » manque."));
    if (!out.faults.empty()) return out;

    std::map<std::string, int> line_of_email;
    for (std::size_t i = 1; i < table.rows.size(); ++i) {
        const csv_row& row = table.rows[i];
        domain::applicant a;
        a.consent = true;  // the staff member who imports takes it on
        std::optional<std::string> partner_cell;
        std::size_t faults_before = out.faults.size();
        for (std::size_t c = 0; c < columns.size(); ++c) {
            const std::string& raw = c < row.fields.size() ? row.fields[c] : std::string();
            const std::string cell = columns[c].question && columns[c].question->type == config::question::kind::textarea
                                         ? raw
                                         : one_line(raw);
            const column_use& use = columns[c];
            if (use.what == column_use::kind::question) {
                if (domain::trim(cell).empty()) continue;
                domain::answer answer;
                if (!answer_from_cell(*use.question, domain::trim(cell), answer))
                    fault(row.line, "answers." + use.field, header.fields[c],
                          "Répondez par « Oui » ou « Non » (ou laissez la case vide).");
                else
                    a.answers[use.field] = std::move(answer);
            } else if (use.what == column_use::kind::field) {
                if (use.field == "first_name") a.first_name = cell;
                else if (use.field == "last_name") a.last_name = cell;
                else if (use.field == "email") a.email = cell;
                else if (use.field == "organisation") a.organisation = cell;
                else if (use.field == "role") a.role = cell;
                else if (use.field == "partner") partner_cell = cell;
            }
        }
        if (row.fields.size() > columns.size())
            fault(row.line, "", "", "Cette ligne a plus de colonnes que la ligne de titres : vérifiez le séparateur.");
        // An export keeps the rows of erased people (status, times) with no name and no address.
        bool nobody = true;
        for (const std::string* f : {&a.first_name, &a.last_name, &a.email, &a.organisation, &a.role})
            nobody = nobody && domain::trim(*f).empty();
        if (nobody && out.faults.size() == faults_before) {
            out.notices.push_back({row.line, "", "",
                                   "Ligne " + std::to_string(row.line) + " ignorée : elle ne contient aucune donnée "
                                   "personnelle (les données de cette inscription ont été effacées)."});
            continue;
        }

        auto column_of = [&](const std::string& field) {
            std::string id = field.rfind("answers.", 0) == 0 ? field.substr(8) : field;
            auto it = seen.find(id);
            return it == seen.end() ? std::string() : it->second;
        };
        // The association: the line's own, else the one chosen for the whole file.
        std::optional<std::string> partner = default_partner;
        if (partner_cell && !domain::trim(*partner_cell).empty()) {
            auto named = partner_named(*partner_cell, cfg);
            if (!named) {
                fault(row.line, "partner", column_of("partner"),
                      "Association « " + domain::trim(*partner_cell) + " » inconnue.");
            } else {
                partner = *named;
            }
        }
        if (only_partner && partner != only_partner)
            fault(row.line, "partner", column_of("partner"),
                  "Vous ne pouvez importer que des personnes de votre association.");
        a.partner = partner && !partner->empty() ? partner : std::nullopt;

        for (auto& f : domain::validate_all(a, cfg)) fault(row.line, f.field, column_of(f.field), f.message);
        if (out.faults.size() == faults_before) {
            std::string key = domain::normalise_email(a.email);
            if (auto [it, added] = line_of_email.emplace(key, row.line); !added)
                fault(row.line, "email", column_of("email"),
                      "Cette adresse figure déjà ligne " + std::to_string(it->second) + " du fichier.");
            else
                out.invitees.push_back({row.line, std::move(a)});
        }
    }
    if (table.rows.size() == 1 && out.faults.empty())
        fault(0, "", "", "Le fichier ne contient que la ligne de titres : ajoutez une personne par ligne.");
    return out;
}

}  // namespace colloq::imports
