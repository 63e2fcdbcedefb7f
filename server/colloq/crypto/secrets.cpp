#include "colloq/crypto/secrets.hpp"

#include <stdexcept>
#include <vector>

#include <sodium.h>

namespace colloq::crypto {

void init() {
    // Random bytes from libsodium's ChaCha20 generator, one per thread, seeded from the kernel,
    // instead of one getrandom() system call per token: every registration draws two.
    randombytes_set_implementation(&randombytes_internal_implementation);
    if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
}

std::string base64url_encode(std::string_view bytes) {
    const int variant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
    std::string out(sodium_base64_encoded_len(bytes.size(), variant), '\0');
    sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                      bytes.size(), variant);
    out.resize(out.find('\0'));
    return out;
}

std::string random_token(std::size_t bytes) {
    std::string raw(bytes, '\0');
    randombytes_buf(raw.data(), raw.size());
    return base64url_encode(raw);
}

bool hashes_equal(std::string_view a, std::string_view b) {
    return a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string random_hex(std::size_t bytes) {
    std::string raw(bytes, '\0');
    randombytes_buf(raw.data(), raw.size());
    std::string hex(bytes * 2 + 1, '\0');
    sodium_bin2hex(hex.data(), hex.size(), reinterpret_cast<const unsigned char*>(raw.data()), raw.size());
    hex.pop_back();
    return hex;
}

std::string hash_token(std::string_view token) {
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(token.data()), token.size());
    char hex[crypto_hash_sha256_BYTES * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
    return hex;
}

std::string keyed_hash(std::string_view key_hex, std::string_view data) {
    unsigned char key[crypto_generichash_KEYBYTES_MAX];
    std::size_t key_size = 0;
    if (sodium_hex2bin(key, sizeof key, key_hex.data(), key_hex.size(), nullptr, &key_size, nullptr) != 0 ||
        key_size < crypto_generichash_KEYBYTES_MIN)
        return {};
    unsigned char digest[crypto_generichash_BYTES];
    crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(data.data()), data.size(), key,
                       key_size);
    sodium_memzero(key, sizeof key);
    char hex[crypto_generichash_BYTES * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
    return hex;
}

}  // namespace colloq::crypto
