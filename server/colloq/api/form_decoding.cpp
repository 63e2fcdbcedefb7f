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
        }
    } catch (const std::exception&) {
        well_formed = false;
    }
    for (std::string* field : {&a.first_name, &a.last_name, &a.email, &a.organisation, &a.role})
        if (!domain::is_valid_utf8(*field)) well_formed = false;
    if (a.partner && !domain::is_valid_utf8(*a.partner)) well_formed = false;
    return a;
}

}  // namespace colloq::api
