// The no-JavaScript registration form (POST /register, x-www-form-urlencoded): decoded, then
// validated as a registration. What decodes is UTF-8; a valid applicant stays valid.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "colloq/api/form_decoding.hpp"
#include "colloq/domain/text.hpp"
#include "colloq/domain/validation.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace colloq;
    static const config::config cfg = config::builtin();
    std::string body(reinterpret_cast<const char*>(data), size);
    bool well_formed = false;
    domain::applicant a = api::applicant_from_form(body, well_formed);
    if (!well_formed) return 0;
    for (const auto* field : {&a.first_name, &a.last_name, &a.email, &a.organisation, &a.role})
        if (!domain::is_valid_utf8(*field)) std::abort();
    if (!domain::validate_all(a, cfg).empty()) return 0;
    domain::applicant again = a;
    if (!domain::validate_all(again, cfg).empty() || again.first_name != a.first_name || again.email != a.email)
        std::abort();
    return 0;
}
