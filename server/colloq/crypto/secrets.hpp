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

// Compares two hashes in constant time.
bool hashes_equal(std::string_view a, std::string_view b);

std::string base64url_encode(std::string_view bytes);

}  // namespace colloq::crypto
