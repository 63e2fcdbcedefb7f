// The JSON bodies of a registration (POST /api/register) and of a staff correction
// (PATCH /api/registrations/{id}): parsed as one object, fields read as the handlers read them,
// then validated. A valid result must stay valid, unchanged, when validated again.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "colloq/api/json_io.hpp"
#include "colloq/domain/text.hpp"
#include "colloq/domain/validation.hpp"

namespace {

using namespace colloq;

const config::config& event() {
    static const config::config cfg = [] {
        // The built-in event (which asks one text question), with a question of every other type.
        auto c = config::parse(std::string(config::builtin_text()) + R"(
[[questions]]
id = "mot"
label = "Un mot"
type = "textarea"
max_length = 50
[[questions]]
id = "taille"
label = "Taille"
type = "choice"
required = true
options = ["Petite", "Grande"]
[[questions]]
id = "ateliers"
label = "Ateliers"
type = "choices"
options = ["A", "B", "C"]
[[questions]]
id = "dejeuner"
label = "Déjeuner"
type = "checkbox"
[[questions]]
id = "arrivee"
label = "Arrivée"
type = "date"
)",
                               "fuzz.toml");
        c.partners.push_back({"mairie", "Mairie de Paris", {}, false});
        return c;
    }();
    return cfg;
}

void check_stable(domain::applicant a, bool partial = false) {
    domain::applicant again = a;
    if (!domain::validate_all(again, event(), partial).empty()) std::abort();
    if (again.first_name != a.first_name || again.last_name != a.last_name || again.email != a.email ||
        again.organisation != a.organisation || again.role != a.role || again.partner != a.partner)
        std::abort();
    if (again.answers.size() != a.answers.size()) std::abort();
    for (const auto& [id, answer] : a.answers)
        if (again.answers.at(id).values != answer.values) std::abort();
    for (const auto* field : {&a.first_name, &a.last_name, &a.email, &a.organisation, &a.role})
        if (!domain::is_valid_utf8(*field)) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    api::request req;
    req.method = "POST";
    req.headers["content-type"] = "application/json";
    req.body.assign(reinterpret_cast<const char*>(data), size);
    auto parsed = api::parse_json_object(req);
    if (parsed.error) {
        if (parsed.error->status != 400 && parsed.error->status != 413 && parsed.error->status != 415) std::abort();
        return 0;
    }
    const auto& o = parsed.object;

    // Registration.
    std::optional<api::response> error;
    domain::applicant a;
    a.first_name = api::text_field(o, "first_name", error).value_or("");
    a.last_name = api::text_field(o, "last_name", error).value_or("");
    a.email = api::text_field(o, "email", error).value_or("");
    a.organisation = api::text_field(o, "organisation", error).value_or("");
    a.role = api::text_field(o, "role", error).value_or("");
    a.partner = api::text_field(o, "partner", error);
    a.answers = api::answers_field(o, error);
    if (auto it = o.find("consent"); it != o.end() && it->value().is_bool()) a.consent = it->value().as_bool();
    if (!error) {
        domain::applicant checked = a;
        auto faults = domain::validate_all(checked, event());
        if (!faults.empty()) {
            if (api::invalid_fields(faults).status != 422) std::abort();
        } else {
            check_stable(checked);
        }
    }

    // Correction: the fields present, the others known to be valid.
    std::optional<api::response> edit_error;
    auto first = api::text_field(o, "first_name", edit_error);
    auto last = api::text_field(o, "last_name", edit_error);
    auto organisation = api::text_field(o, "organisation", edit_error);
    auto role = api::text_field(o, "role", edit_error);
    auto answers = api::answers_field(o, edit_error);
    if (!edit_error) {
        domain::applicant e{first.value_or("x"), last.value_or("x"), "x@example.org", organisation.value_or("x"),
                            role.value_or("x"), std::nullopt, true, answers};
        if (domain::validate_all(e, event(), true).empty()) check_stable(e, true);
    }
    return 0;
}
