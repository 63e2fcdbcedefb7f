#pragma once
// The Ed25519 key pair that signs badges. The secret key lives in the data
// directory, readable by its owner only; the public key is derived from it.
#include <array>
#include <string>

namespace colloq::tickets {

struct key_pair {
    std::array<unsigned char, 32> public_key;  // crypto_sign_PUBLICKEYBYTES
    std::array<unsigned char, 64> secret_key;  // crypto_sign_SECRETKEYBYTES
};

// Reads <data_dir>/badge-signing.key (the 64-byte libsodium secret key), or
// creates it, and the directory, on first start. Throws std::runtime_error
// naming the file when it cannot be read or written, has the wrong size, is
// not consistent, or is readable by anyone but its owner. Needs crypto::init().
key_pair load_or_create_key(const std::string& data_dir);
// <data_dir>/badge-signing.key
std::string key_path(const std::string& data_dir);

// What `colloq keys` and GET /api/checkin/key show.
std::string public_key_base64url(const key_pair& keys);

}  // namespace colloq::tickets
