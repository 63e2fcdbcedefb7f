#include "colloq/certificates/attestation_code.hpp"

#include <array>
#include <cctype>

#include <sodium.h>

#include "colloq/tickets/base32.hpp"

namespace colloq::certificates {

namespace {

constexpr std::size_t tag_bytes = 10;  // 80 bits: 16 base32 letters

std::array<unsigned char, tag_bytes> tag_of(const tickets::key_pair& key, const std::string& event_slug,
                                            long long registration_id) {
    // A key of its own for certificates, so that a tag never doubles as anything else.
    std::array<unsigned char, crypto_generichash_KEYBYTES> mac_key;
    static constexpr std::string_view purpose = "colloq attestation de presence v1";
    crypto_generichash(mac_key.data(), mac_key.size(), reinterpret_cast<const unsigned char*>(purpose.data()),
                       purpose.size(), key.secret_key.data(), 32);
    std::string message = event_slug + '\n' + std::to_string(registration_id);
    std::array<unsigned char, tag_bytes> tag;
    crypto_generichash(tag.data(), tag.size(), reinterpret_cast<const unsigned char*>(message.data()),
                       message.size(), mac_key.data(), mac_key.size());
    return tag;
}

}  // namespace

std::string attestation_code(const tickets::key_pair& key, const std::string& event_slug, long long registration_id) {
    auto tag = tag_of(key, event_slug, registration_id);
    std::string letters = tickets::base32_encode(std::string_view(reinterpret_cast<const char*>(tag.data()), tag.size()));
    std::string out = std::to_string(registration_id);
    for (std::size_t i = 0; i < letters.size(); i += 4) out += "-" + letters.substr(i, 4);
    return out;
}

std::optional<long long> check_attestation_code(const tickets::key_pair& key, const std::string& event_slug,
                                                std::string_view code) {
    if (code.size() > 64) return std::nullopt;
    auto dash = code.find('-');
    // One text per certificate: no leading zero, no other id for the same tag.
    if (dash == 0 || dash == std::string_view::npos || dash > 15 || code[0] == '0') return std::nullopt;
    long long id = 0;
    for (char c : code.substr(0, dash)) {
        if (c < '0' || c > '9') return std::nullopt;
        id = id * 10 + (c - '0');
    }
    std::string letters;
    for (char c : code.substr(dash + 1))
        if (c != '-') letters += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    auto given = tickets::base32_decode(letters);
    if (!given || given->size() != tag_bytes) return std::nullopt;
    auto expected = tag_of(key, event_slug, id);
    if (sodium_memcmp(given->data(), expected.data(), tag_bytes) != 0) return std::nullopt;
    return id;
}

}  // namespace colloq::certificates
