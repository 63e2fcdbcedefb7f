#include "colloq/cli/common.hpp"

#include <filesystem>
#include <iostream>

#include <soci/soci.h>

#include "colloq/cli/private_files.hpp"
#include "colloq/crypto/secrets.hpp"
#include "colloq/store/migrations.hpp"

namespace colloq::cli {

config::config load_config(const global_options& g) {
    try {
        return g.config_path.empty() ? config::builtin() : config::load_file(g.config_path);
    } catch (const config::config_error& e) {
        throw failure(std::string("configuration error: ") + e.what());
    }
}

void ensure_data_dir(const global_options& g) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!fs::exists(g.data_dir, ec)) {
        fs::create_directories(g.data_dir, ec);
        if (ec) throw failure("cannot create the data directory " + g.data_dir + ": " + ec.message());
    }
    // Whoever made the directory and the files in it, only this account may read them.
    auto where = database(g);
    try {
        for (const auto& line : make_private(g.data_dir, where.kind == store::backend::sqlite ? where.sqlite_path : ""))
            std::cerr << "colloq: " << line << "\n";
    } catch (const std::runtime_error& e) {
        throw failure(e.what());
    }
}

store::location database(const global_options& g) {
    try {
        return store::parse_db_url(g.db_url, g.data_dir);
    } catch (const std::invalid_argument& e) {
        throw failure(e.what());
    }
}

tickets::key_pair load_key(const global_options& g) {
    try {
        return tickets::load_or_create_key(g.data_dir);
    } catch (const std::exception& e) {
        throw failure(e.what());
    }
}

int keys(const global_options& g) {
    crypto::init();
    ensure_data_dir(g);
    std::cout << tickets::public_key_base64url(load_key(g)) << "\n";
    return 0;
}

int migrate(const store::location& where) {
    try {
        auto sql = store::open_session(where);
        auto applied = store::apply_migrations(*sql, store::share_dir() + "/schema");
        for (const auto& name : applied) std::cerr << "colloq: applied migration " << name << "\n";
        return static_cast<int>(applied.size());
    } catch (const soci::soci_error& e) {
        throw failure(std::string("database error: ") + e.what());
    }
}

}  // namespace colloq::cli
