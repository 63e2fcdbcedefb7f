// An invitees' CSV file (POST /api/imports/registrations): read in any encoding and with any
// separator, then checked line by line. Every invitee it yields is a valid applicant in UTF-8
// (the route imports them only when there is no fault), faults come in line order with a
// message, and reading never throws.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "colloq/domain/text.hpp"
#include "colloq/domain/validation.hpp"
#include "colloq/imports/invitees.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace colloq;
    static const config::config cfg = config::builtin();
    std::string bytes(reinterpret_cast<const char*>(data), size);
    auto file = imports::read_invitees(bytes, cfg, std::nullopt, std::nullopt);
    int last_line = 0;
    for (const auto& f : file.faults) {
        if (f.line < last_line || f.message.empty() || !domain::is_valid_utf8(f.message + f.column)) std::abort();
        last_line = f.line;
    }
    for (const auto& invitee : file.invitees) {
        domain::applicant again = invitee.applicant;
        for (const auto* field : {&again.first_name, &again.last_name, &again.email, &again.organisation, &again.role})
            if (!domain::is_valid_utf8(*field)) std::abort();
        if (!domain::validate_all(again, cfg).empty() || again.email != invitee.applicant.email) std::abort();
    }
    return 0;
}
