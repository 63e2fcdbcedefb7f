// `colloq purge`: the retention period's purge from the server's shell, the same as the one
// `serve` runs every purge_interval; a running server sees the anonymised rows on its next look.
#include <iostream>

#include "colloq/cli/store_calls.hpp"
#include "colloq/crypto/secrets.hpp"
#include "colloq/domain/time.hpp"
#include "colloq/jobs/purge.hpp"

namespace colloq::cli {

int purge(const global_options& g, bool dry_run) {
    auto cfg = load_config(g);
    auto purge_at = cfg.purge_at();
    if (!purge_at) {
        std::cout << "aucune durée de conservation ([privacy] retention_days) : rien n'est anonymisé\n";
        return 0;
    }
    std::string when = domain::french_date(domain::in_offset_of(cfg.event.starts_at, *purge_at));
    crypto::init();
    auto db = open_store(g, cfg);
    auto summary = jobs::run_purge(*db, g.data_dir + "/mail", dry_run);
    if (summary.failed) throw failure("the purge could not be written; run it again");
    if (!summary.due)
        std::cout << "la durée de conservation court jusqu'au " << when << " : rien n'est anonymisé avant\n";
    else if (dry_run)
        std::cout << "essai, rien n'est écrit : " << summary.anonymised << " inscription(s) à anonymiser\n";
    else
        std::cout << summary.anonymised << " inscription(s) anonymisée(s), " << summary.spooled_files
                  << " e-mail(s) du dossier mail supprimé(s)\n";
    return 0;
}

}  // namespace colloq::cli
