#pragma once
// The signed ticket carried by the badge's QR code. Anyone holding the public
// key can check a badge offline; the server is not needed.
//
// Layout, version 1 (81 bytes):
//   offset  0,  1 byte : version, 0x01
//   offset  1,  4 bytes: event tag, the first 4 bytes of SHA-256("colloq-event:" + event slug)
//   offset  5,  4 bytes: registration id, unsigned, big-endian
//   offset  9,  8 bytes: nonce, random; a re-issued badge gets a new one so the old one can be revoked
//   offset 17, 64 bytes: Ed25519 detached signature of "colloq-ticket-v1" || bytes 0..16
//                        (the prefix is signed, never transmitted)
// Text form: RFC 4648 base32, upper case, no padding: 130 characters.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "colloq/tickets/signing.hpp"

namespace colloq::tickets {

inline constexpr std::size_t ticket_bytes = 81;
inline constexpr std::size_t ticket_text_length = 130;

struct ticket {
    std::uint32_t event_tag = 0;  // the 4 tag bytes read big-endian
    std::uint32_t registration_id = 0;
    std::array<unsigned char, 8> nonce{};
    friend bool operator==(const ticket&, const ticket&) = default;
};

std::uint32_t event_tag_of(std::string_view event_slug);

std::array<unsigned char, 8> new_nonce();

// 16 lower-case hex characters: the ticket id that revocation lists carry.
std::string nonce_hex(const std::array<unsigned char, 8>& nonce);

// The ticket's text form, signed with the secret key.
std::string issue(const ticket& t, const key_pair& keys);

// A ticket as read from a badge, its signature not checked yet.
struct read_ticket {
    ticket fields;
    std::string fingerprint;  // SHA-256 of the 81 bytes, 64 lower-case hex characters
};

// Text, length and version only; empty when malformed. Safe on any input.
std::optional<read_ticket> read(std::string_view text);

// The fingerprint of a ticket in text form (as `read` gives it); empty when malformed.
std::string fingerprint_of(std::string_view text);

enum class ticket_error { malformed, bad_signature, wrong_event };

struct verification {
    std::optional<ticket> valid;                   // set when the ticket is genuine and for this event
    ticket_error error = ticket_error::malformed;  // why not, when `valid` is empty
};

// Checks, in this order: text, length and version (malformed), signature
// (bad_signature), event (wrong_event). Safe on any input.
verification verify(std::string_view text, const std::array<unsigned char, 32>& public_key,
                    std::uint32_t expected_event_tag);

}  // namespace colloq::tickets
