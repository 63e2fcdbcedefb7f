#pragma once
// Random secrets and the one-way hashes the database keeps in their place.
#include <cstddef>
#include <string>
#include <string_view>

namespace colloq::crypto {

// Call once before any other function here (several calls are harmless).
void init();

// `bytes` random bytes from libsodium, base64url without padding.
std::string random_token(std::size_t bytes = 32);

// `bytes` random bytes as lower-case hex.
std::string random_hex(std::size_t bytes);

// SHA-256 of the token, hex: what is stored and looked up instead of the token.
std::string hash_token(std::string_view token);

// BLAKE2b-256 of `data` keyed with `key_hex` (hex of 16 to 64 bytes), hex: a hash nobody can
// recompute without the key, even for data with few possible values (an IPv4 address).
// Empty when the key is not such hex.
std::string keyed_hash(std::string_view key_hex, std::string_view data);

// Compares two hashes in constant time.
bool hashes_equal(std::string_view a, std::string_view b);

std::string base64url_encode(std::string_view bytes);

}  // namespace colloq::crypto
