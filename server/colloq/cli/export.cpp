// `colloq export`: the same files as the HTTP exports, to a file or stdout.
#include <cstdio>
#include <future>
#include <memory>

#include "colloq/api/exporting.hpp"
#include "colloq/cli/common.hpp"
#include "colloq/crypto/secrets.hpp"

namespace colloq::cli {

int export_file(const global_options& g, const std::string& format, const std::string& partner,
                const std::string& output) {
    auto cfg = load_config(g);
    api::export_request request;
    request.format = format == "csv" ? api::export_format::csv
                     : format == "xlsx" ? api::export_format::xlsx
                                        : api::export_format::signin_sheet;
    if (!partner.empty()) {
        if (partner != "public" && !cfg.find_partner(partner))
            throw usage_error("--partner: no partner " + partner + " in the configuration (or use: public)");
        request.filter.partner = partner == "public" ? "" : partner;
    }
    request.work_dir = g.data_dir + "/exports";
    crypto::init();
    ensure_data_dir(g);
    auto where = database(g);
    migrate(where);
    store::store db(where, cfg, 1);

    // Written beside the target, then renamed: a half-written export never takes its place.
    std::string partial = output.empty() ? "" : output + ".partial";
    std::unique_ptr<std::FILE, decltype(&std::fclose)> file(
        output.empty() ? nullptr : std::fopen(partial.c_str(), "wb"), &std::fclose);
    if (!output.empty() && !file) throw failure("cannot write " + output);
    std::FILE* out = file ? file.get() : stdout;
    std::promise<bool> finished;
    bool started = api::run_export(
        cfg, db, request,
        [out](std::string_view bytes) { return std::fwrite(bytes.data(), 1, bytes.size(), out) == bytes.size(); },
        [&finished](bool ok) { finished.set_value(ok); });
    bool ok = started && finished.get_future().get();
    ok = std::fflush(out) == 0 && ok;
    file.reset();
    if (!ok) {
        if (!partial.empty()) std::remove(partial.c_str());
        throw failure("the export failed (see the message above); nothing was written");
    }
    if (!output.empty() && std::rename(partial.c_str(), output.c_str()) != 0) throw failure("cannot write " + output);
    return 0;
}

}  // namespace colloq::cli
