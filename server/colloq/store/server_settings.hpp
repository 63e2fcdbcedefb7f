#pragma once
// Values every server on one database must share (schema/015_server_settings.sql).
#include <string>

namespace soci { class session; }

namespace colloq::store {

// The badge-signing public key recorded in the database; records `ours` first when none is.
std::string recorded_signing_key(soci::session& sql, const std::string& ours);
// Records `ours` in place of any other (`colloq keys --adopt`).
void record_signing_key(soci::session& sql, const std::string& ours);

}  // namespace colloq::store
