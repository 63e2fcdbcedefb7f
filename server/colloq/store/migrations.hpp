#pragma once
// Applies schema/NNN_name.sql files in order, once each, recording them in schema_migrations.
#include <string>
#include <vector>

namespace soci { class session; }

namespace colloq::store {

struct migration {
    int version;
    std::string name;
    std::string path;
};

std::vector<migration> list_migrations(const std::string& schema_dir);

// Returns the names of the migrations it applied (none when the schema is current).
std::vector<std::string> apply_migrations(soci::session& sql, const std::string& schema_dir);

}  // namespace colloq::store
