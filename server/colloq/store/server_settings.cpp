#include "colloq/store/server_settings.hpp"

#include <soci/soci.h>

namespace colloq::store {

namespace {
const std::string signing_key_name = "badge_signing_public_key";
}

std::string recorded_signing_key(soci::session& sql, const std::string& ours) {
    // Two servers starting at once: the first insert wins, the other reads it.
    sql << "INSERT INTO server_settings (name, value) VALUES (:n, :v) ON CONFLICT (name) DO NOTHING",
        soci::use(signing_key_name), soci::use(ours);
    std::string recorded;
    sql << "SELECT value FROM server_settings WHERE name = :n", soci::use(signing_key_name), soci::into(recorded);
    return recorded;
}

void record_signing_key(soci::session& sql, const std::string& ours) {
    sql << "INSERT INTO server_settings (name, value) VALUES (:n, :v) "
           "ON CONFLICT (name) DO UPDATE SET value = excluded.value",
        soci::use(signing_key_name), soci::use(ours);
}

}  // namespace colloq::store
