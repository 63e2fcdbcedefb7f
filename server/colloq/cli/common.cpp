#include "colloq/cli/common.hpp"

#include <filesystem>
#include <fstream>
#include <iostream>

#include <soci/soci.h>

#include "colloq/cli/private_files.hpp"
#include "colloq/crypto/secrets.hpp"
#include "colloq/store/migrations.hpp"
#include "colloq/store/server_settings.hpp"

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
        return store::parse_db_url(g.db_url.empty() ? load_config(g).database_url : g.db_url, g.data_dir);
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

int keys(const global_options& g, bool adopt) {
    crypto::init();
    ensure_data_dir(g);
    auto key = load_key(g);
    std::string ours = tickets::public_key_base64url(key);
    if (adopt) {
        auto where = database(g);
        migrate(where);
        try {
            store::record_signing_key(*store::open_session(where), ours);
        } catch (const soci::soci_error& e) {
            throw failure(std::string("database error: ") + e.what());
        }
        std::cerr << "colloq: this key is now the one every server on this database signs with; "
                     "badges signed with the previous one will be refused at the door\n";
    }
    std::cout << ours << "\n";
    return 0;
}

std::string server_id(const global_options& g) {
    auto path = std::filesystem::path(g.data_dir) / "server-id";
    std::string id;
    std::ifstream(path) >> id;
    if (id.size() == 16) return id;
    id = crypto::random_hex(8);
    std::ofstream out(path, std::ios::trunc);
    out << id << "\n";
    if (!out.flush()) throw failure("cannot write " + path.string());
    return id;
}

void check_signing_key(const global_options& g, const store::location& where, const tickets::key_pair& key) {
    std::string ours = tickets::public_key_base64url(key), recorded;
    try {
        recorded = store::recorded_signing_key(*store::open_session(where), ours);
    } catch (const soci::soci_error& e) {
        throw failure(std::string("database error: ") + e.what());
    }
    if (recorded == ours) return;
    throw failure("the badge-signing key in " + tickets::key_path(g.data_dir) +
                  " (" + ours + ") is not the one the database records (" + recorded +
                  "): every server on one database must sign with the same key. Copy badge-signing.key from "
                  "the server whose key it records; if that key is lost for good, run `colloq keys --adopt` "
                  "(the badges already sent will then be refused at the door: send them again with a mailing)");
}

int migrate(const store::location& where) {
    try {
        auto sql = store::open_session(where);
        std::vector<std::string> applied;
        store::with_migration_lock(*sql, where,
                                   [&] { applied = store::apply_migrations(*sql, store::share_dir() + "/schema"); });
        for (const auto& name : applied) std::cerr << "colloq: applied migration " << name << "\n";
        return static_cast<int>(applied.size());
    } catch (const soci::soci_error& e) {
        throw failure(std::string("database error: ") + e.what());
    }
}

}  // namespace colloq::cli
