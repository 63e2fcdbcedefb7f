#pragma once
// The short code an attendance certificate carries, so that an employer can check it on the
// server's public page: "<registration id>-XXXX-XXXX-XXXX-XXXX", where the 16 base32 letters
// are an 80-bit keyed BLAKE2b tag of the event and the registration, under a key derived from
// the badge signing key. Only the server can make one; a changed digit or letter is refused.
#include <optional>
#include <string>
#include <string_view>

#include "colloq/tickets/signing.hpp"

namespace colloq::certificates {

std::string attestation_code(const tickets::key_pair& key, const std::string& event_slug, long long registration_id);

// The registration a genuine code names; none for anything else (case and dashes are forgiven).
std::optional<long long> check_attestation_code(const tickets::key_pair& key, const std::string& event_slug,
                                                std::string_view code);

}  // namespace colloq::certificates
