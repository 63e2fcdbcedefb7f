// `colloq import`: invitees from a CSV file, as POST /api/imports/registrations, straight into
// the data directory's database. A running server sees the new rows on its next look (see
// store/writer.cpp). Made from the server's shell, the registrations carry no staff account.
#include <fstream>
#include <iostream>
#include <iterator>

#include "colloq/cli/store_calls.hpp"
#include "colloq/crypto/secrets.hpp"
#include "colloq/imports/invitees.hpp"

namespace colloq::cli {

int import_file(const global_options& g, const std::string& input, const std::string& partner, bool dry_run,
                bool send_email) {
    auto cfg = load_config(g);
    std::optional<std::string> default_partner;
    if (!partner.empty() && partner != "public") {
        if (!cfg.find_partner(partner))
            throw usage_error("--partner: no partner " + partner + " in the configuration (or use: public)");
        default_partner = partner;
    }
    std::ifstream in(input, std::ios::binary);
    if (!in) throw failure("cannot read " + input);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());

    auto file = imports::read_invitees(bytes, cfg, default_partner, std::nullopt);
    if (!file.faults.empty()) {
        for (const auto& f : file.faults) {
            std::cerr << input;
            if (f.line) std::cerr << ':' << f.line;
            std::cerr << ": ";
            if (!f.column.empty()) std::cerr << f.column << " : ";
            std::cerr << f.message << "\n";
        }
        throw failure(std::to_string(file.faults.size()) + " erreur(s) : rien n'a été importé");
    }
    crypto::init();
    auto db = open_store(g, cfg);
    std::vector<domain::applicant> invitees;
    for (const auto& i : file.invitees) invitees.push_back(i.applicant);
    auto reply = wait_for<store::import_reply>([&](auto done) {
        db->import_registrations(std::move(invitees), {0, send_email, false}, dry_run, std::nullopt, std::move(done));
    });
    if (reply.failed) throw failure("the import could not be written; nothing was imported");
    for (const auto& n : file.notices) std::cout << input << ":" << n.line << ": " << n.message << "\n";
    int created = 0, already = 0;
    for (std::size_t i = 0; i < reply.lines.size(); ++i) {
        if (!reply.lines[i].already_registered) {
            ++created;
            continue;
        }
        ++already;
        std::cout << input << ":" << file.invitees[i].line << ": " << file.invitees[i].applicant.email
                  << " est déjà inscrit (inscription n° " << reply.lines[i].id << "), laissé tel quel\n";
    }
    std::cout << (dry_run ? "essai, rien n'est écrit : " : "") << created
              << (dry_run ? " inscription(s) à créer, " : " inscription(s) créée(s), ") << already
              << " adresse(s) déjà inscrite(s) ; fichier " << file.encoding << ", séparateur « " << file.separator
              << " »\n";
    return 0;
}

}  // namespace colloq::cli
