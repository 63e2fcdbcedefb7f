// A badge's QR code as the door reads it: decoded and verified against the event's key. Only
// a ticket the key signed is valid; a valid one, issued again, gives the same bytes.
#include <cstdint>
#include <cstdlib>
#include <string>

#include <sodium.h>

#include "colloq/crypto/secrets.hpp"
#include "colloq/tickets/signing.hpp"
#include "colloq/tickets/ticket.hpp"

namespace {

using namespace colloq;

const tickets::key_pair& keys() {
    static const tickets::key_pair k = [] {
        crypto::init();
        tickets::key_pair kp{};
        unsigned char seed[crypto_sign_SEEDBYTES] = {42};
        crypto_sign_seed_keypair(kp.public_key.data(), kp.secret_key.data(), seed);
        return kp;
    }();
    return k;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    static const std::uint32_t tag = tickets::event_tag_of("colloque-ia-2025");
    auto read = tickets::read(text);
    auto fingerprint = tickets::fingerprint_of(text);
    if (read.has_value() != !fingerprint.empty()) std::abort();
    if (read && read->fingerprint != fingerprint) std::abort();
    auto v = tickets::verify(text, keys().public_key, tag);
    if (v.valid) {
        if (!read) std::abort();
        // Only a ticket this key signed (Ed25519 signatures are deterministic): issuing the same
        // fields again gives the same 81 bytes.
        if (tickets::fingerprint_of(tickets::issue(*v.valid, keys())) != fingerprint) std::abort();
    }
    // The fuzzer's input as ticket fields: issued, it must verify and read back equal.
    if (size >= 16) {
        tickets::ticket t;
        t.event_tag = tag;
        t.registration_id = static_cast<std::uint32_t>(data[0]) << 24 | data[1] << 16 | data[2] << 8 | data[3];
        for (int i = 0; i < 8; ++i) t.nonce[i] = data[4 + i];
        auto issued = tickets::issue(t, keys());
        auto back = tickets::verify(issued, keys().public_key, tag);
        if (!back.valid || !(*back.valid == t)) std::abort();
    }
    return 0;
}
