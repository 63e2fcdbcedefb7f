#include "colloq/tickets/ticket.hpp"

#include <cstring>

#include <sodium.h>

#include "colloq/tickets/base32.hpp"

namespace colloq::tickets {

namespace {

constexpr unsigned char version_1 = 0x01;
constexpr std::size_t signed_bytes = 17;
constexpr std::string_view domain_prefix = "colloq-ticket-v1";
// Far above any ticket, even wrapped in white space: longer input is not decoded at all.
constexpr std::size_t max_text_length = 1024;

static_assert(signed_bytes + crypto_sign_BYTES == ticket_bytes);
static_assert((ticket_bytes * 8 + 4) / 5 == ticket_text_length);

void put_u32(unsigned char* out, std::uint32_t v) {
    out[0] = static_cast<unsigned char>(v >> 24);
    out[1] = static_cast<unsigned char>(v >> 16);
    out[2] = static_cast<unsigned char>(v >> 8);
    out[3] = static_cast<unsigned char>(v);
}

std::uint32_t get_u32(const unsigned char* in) {
    return std::uint32_t{in[0]} << 24 | std::uint32_t{in[1]} << 16 | std::uint32_t{in[2]} << 8 | in[3];
}

using signed_message = std::array<unsigned char, domain_prefix.size() + signed_bytes>;

signed_message message_of(const unsigned char* body) {
    signed_message m{};
    std::memcpy(m.data(), domain_prefix.data(), domain_prefix.size());
    std::memcpy(m.data() + domain_prefix.size(), body, signed_bytes);
    return m;
}

std::optional<std::string> decoded_ticket(std::string_view text) {
    if (text.size() > max_text_length) return std::nullopt;
    std::optional<std::string> decoded = base32_decode(text);
    if (!decoded || decoded->size() != ticket_bytes) return std::nullopt;
    if (static_cast<unsigned char>((*decoded)[0]) != version_1) return std::nullopt;
    return decoded;
}

ticket fields_of(const unsigned char* bytes) {
    ticket t;
    t.event_tag = get_u32(bytes + 1);
    t.registration_id = get_u32(bytes + 5);
    std::memcpy(t.nonce.data(), bytes + 9, t.nonce.size());
    return t;
}

std::string fingerprint_of_bytes(const std::string& bytes) {
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
    char hex[sizeof digest * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
    return hex;
}

}  // namespace

std::uint32_t event_tag_of(std::string_view event_slug) {
    std::string input = "colloq-event:";
    input += event_slug;
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(input.data()), input.size());
    return get_u32(digest);
}

std::array<unsigned char, 8> new_nonce() {
    std::array<unsigned char, 8> nonce{};
    randombytes_buf(nonce.data(), nonce.size());
    return nonce;
}

std::string nonce_hex(const std::array<unsigned char, 8>& nonce) {
    char hex[8 * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, nonce.data(), nonce.size());
    return hex;
}

std::string issue(const ticket& t, const key_pair& keys) {
    std::array<unsigned char, ticket_bytes> bytes{};
    bytes[0] = version_1;
    put_u32(&bytes[1], t.event_tag);
    put_u32(&bytes[5], t.registration_id);
    std::memcpy(&bytes[9], t.nonce.data(), t.nonce.size());
    signed_message m = message_of(bytes.data());
    crypto_sign_detached(&bytes[signed_bytes], nullptr, m.data(), m.size(), keys.secret_key.data());
    return base32_encode(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
}

std::optional<read_ticket> read(std::string_view text) {
    auto decoded = decoded_ticket(text);
    if (!decoded) return std::nullopt;
    return read_ticket{fields_of(reinterpret_cast<const unsigned char*>(decoded->data())), fingerprint_of_bytes(*decoded)};
}

std::string fingerprint_of(std::string_view text) {
    auto decoded = decoded_ticket(text);
    return decoded ? fingerprint_of_bytes(*decoded) : std::string();
}

verification verify(std::string_view text, const std::array<unsigned char, 32>& public_key,
                    std::uint32_t expected_event_tag) {
    std::optional<std::string> decoded = decoded_ticket(text);
    if (!decoded) return {std::nullopt, ticket_error::malformed};
    const auto* bytes = reinterpret_cast<const unsigned char*>(decoded->data());

    signed_message m = message_of(bytes);
    if (crypto_sign_verify_detached(bytes + signed_bytes, m.data(), m.size(), public_key.data()) != 0)
        return {std::nullopt, ticket_error::bad_signature};

    ticket t = fields_of(bytes);
    if (t.event_tag != expected_event_tag) return {std::nullopt, ticket_error::wrong_event};
    return {t, ticket_error::malformed};
}

}  // namespace colloq::tickets
