// `colloq export`: the same files as the HTTP exports, to a file or stdout.
#include <cstdio>
#include <future>
#include <memory>

#include "colloq/api/exporting.hpp"
#include "colloq/api/security_list_files.hpp"
#include "colloq/cli/common.hpp"
#include "colloq/cli/store_calls.hpp"
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

int export_security_list(const global_options& g, const std::string& format, bool changes, const std::string& output) {
    auto cfg = load_config(g);
    if (!cfg.security_list) throw usage_error("the configuration has no [security_list] section");
    crypto::init();
    auto db = open_store(g, cfg);
    auto list = wait_for<store::security_list_reply>([&](auto done) { db->security_list(std::move(done)); });
    if (list.failed) throw failure("the security list could not be read");
    auto kind = format == "csv" ? api::list_format::csv : format == "xlsx" ? api::list_format::xlsx : api::list_format::pdf;
    auto file = api::security_list_file(kind, cfg, std::move(list), changes, g.data_dir + "/exports");
    if (!file) throw failure("the list has not been frozen yet: there are no changes to export");
    if (output.empty()) {
        std::fwrite(file->bytes.data(), 1, file->bytes.size(), stdout);
        return std::fflush(stdout) == 0 ? 0 : 1;
    }
    std::string partial = output + ".partial";
    std::unique_ptr<std::FILE, decltype(&std::fclose)> out(std::fopen(partial.c_str(), "wb"), &std::fclose);
    bool ok = out && std::fwrite(file->bytes.data(), 1, file->bytes.size(), out.get()) == file->bytes.size();
    ok = out && std::fflush(out.get()) == 0 && ok;
    out.reset();
    if (!ok || std::rename(partial.c_str(), output.c_str()) != 0) {
        std::remove(partial.c_str());
        throw failure("cannot write " + output);
    }
    return 0;
}

}  // namespace colloq::cli
