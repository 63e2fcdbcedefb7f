// A mailing's subject and text as staff write them (the input, cut at its first NUL into
// subject and text): checked, and when accepted rendered for one person. An accepted text
// never leaves a known placeholder unfilled, and nothing of it reaches the HTML part unescaped.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "colloq/mail/mailings.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace colloq::mail;
    std::string input(reinterpret_cast<const char*>(data), size);
    auto cut = input.find('\0');
    std::string subject = input.substr(0, cut);
    std::string body = cut == std::string::npos ? "Bonjour {{prenom}}" : input.substr(cut + 1);
    if (check_mailing_text(subject, body)) return 0;
    message_context c;
    c.first_name = "Anne";
    c.last_name = "Martin";
    c.manage_url = "https://colloque.example/m/7.secret";
    c.public_url = "https://colloque.example";
    auto m = render_mailing(subject, body, c, false);
    for (const char* placeholder : {"{{prenom}}", "{{nom}}", "{{lien}}"})
        if (m.subject.find(placeholder) != std::string::npos) std::abort();
    if (m.html.find("<script") != std::string::npos || m.html.find("<img src=\"x") != std::string::npos) std::abort();
    return 0;
}
