#include "colloq/api/form_decoding.hpp"

#include <exception>

#include <boost/url/params_view.hpp>

#include "colloq/domain/text.hpp"

namespace colloq::api {

domain::applicant applicant_from_form(const std::string& body, bool& well_formed) {
    domain::applicant a;
    well_formed = true;
    try {
        boost::urls::encoding_opts opt;
        opt.space_as_plus = true;
        for (auto param : boost::urls::params_view(body, opt)) {
            if (param.key == "first_name") a.first_name = param.value;
            else if (param.key == "last_name") a.last_name = param.value;
            else if (param.key == "email") a.email = param.value;
            else if (param.key == "organisation") a.organisation = param.value;
            else if (param.key == "role") a.role = param.value;
            else if (param.key == "partner") a.partner = param.value;
            else if (param.key == "consent") a.consent = param.value == "true" || param.value == "on";
            else if (param.key.rfind("answers.", 0) == 0) {
                auto& answer = a.answers[param.key.substr(8)];
                answer.values.push_back(param.value);
                if (answer.values.size() > 1) answer.kind = domain::answer::shape::list;
            }
        }
    } catch (const std::exception&) {
        well_formed = false;
    }
    for (std::string* field : {&a.first_name, &a.last_name, &a.email, &a.organisation, &a.role})
        if (!domain::is_valid_utf8(*field)) well_formed = false;
    if (a.partner && !domain::is_valid_utf8(*a.partner)) well_formed = false;
    for (const auto& [id, answer] : a.answers) {
        if (!domain::is_valid_utf8(id)) well_formed = false;
        for (const auto& v : answer.values)
            if (!domain::is_valid_utf8(v)) well_formed = false;
    }
    return a;
}

void shape_form_answers(domain::answer_map& answers, const config::config& cfg) {
    for (auto& [id, answer] : answers) {
        const auto* q = cfg.find_question(id);
        if (!q) continue;
        if (q->type == config::question::kind::choices) {
            answer.kind = domain::answer::shape::list;
        } else if (q->type == config::question::kind::checkbox) {
            bool checked = answer.values.size() == 1 && (answer.values[0] == "true" || answer.values[0] == "on");
            answer.kind = checked ? domain::answer::shape::flag : domain::answer::shape::other;
            if (checked) answer.values = {"true"};
        }
    }
}

}  // namespace colloq::api
