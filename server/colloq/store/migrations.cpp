#include "colloq/store/migrations.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <stdexcept>

#include <soci/soci.h>

#include "colloq/domain/time.hpp"

namespace colloq::store {

namespace fs = std::filesystem;

std::vector<migration> list_migrations(const std::string& schema_dir) {
    static const std::regex name_pattern(R"((\d{3})_([a-z0-9_]+)\.sql)");
    std::vector<migration> found;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(schema_dir, ec)) {
        std::smatch m;
        std::string file = entry.path().filename().string();
        if (std::regex_match(file, m, name_pattern))
            found.push_back({std::stoi(m[1]), m[2], entry.path().string()});
    }
    if (ec) throw std::runtime_error("cannot read the schema directory " + schema_dir + ": " + ec.message());
    std::sort(found.begin(), found.end(), [](auto& a, auto& b) { return a.version < b.version; });
    return found;
}

namespace {

// Splits a migration into statements at semicolons that end a line, dropping comments.
std::vector<std::string> statements_of(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot read " + path);
    std::vector<std::string> out;
    std::string line, current;
    while (std::getline(in, line)) {
        auto comment = line.find("--");
        if (comment != std::string::npos) line.erase(comment);
        while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) line.pop_back();
        if (line.empty()) continue;
        current += line + "\n";
        if (line.back() == ';') {
            current.erase(current.size() - 2);
            out.push_back(current);
            current.clear();
        }
    }
    if (current.find_first_not_of(" \n") != std::string::npos) out.push_back(current);
    return out;
}

}  // namespace

std::vector<std::string> apply_migrations(soci::session& sql, const std::string& schema_dir) {
    sql << "CREATE TABLE IF NOT EXISTS schema_migrations ("
           "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)";
    std::set<int> applied;
    {
        int version = 0;
        soci::statement st = (sql.prepare << "SELECT version FROM schema_migrations", soci::into(version));
        st.execute();
        while (st.fetch()) applied.insert(version);
    }
    std::vector<std::string> done;
    for (const auto& m : list_migrations(schema_dir)) {
        if (applied.count(m.version)) continue;
        soci::transaction tx(sql);
        for (const auto& statement : statements_of(m.path)) {
            try {
                sql << statement;
            } catch (const std::exception& e) {
                throw std::runtime_error("migration " + m.path + " failed: " + e.what());
            }
        }
        std::string now = domain::format_utc(domain::now());
        std::string name = m.name;
        int version = m.version;
        sql << "INSERT INTO schema_migrations (version, name, applied_at) VALUES (:v, :n, :t)",
            soci::use(version), soci::use(name), soci::use(now);
        tx.commit();
        done.push_back(std::to_string(m.version) + "_" + m.name);
    }
    return done;
}

}  // namespace colloq::store
