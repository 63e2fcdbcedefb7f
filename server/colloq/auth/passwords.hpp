#pragma once
// Staff passwords: Argon2id hashes. The server computes them on threads of their own with a
// bound on how many wait (each takes 64 MiB; see cli/serve.cpp), so a login flood cannot
// exhaust memory or the I/O threads.
#include <cstddef>
#include <string>
#include <string_view>

namespace colloq::auth {

inline constexpr std::size_t min_password_length = 12;

std::string hash_password(std::string_view password);
bool verify_password(const std::string& hash, std::string_view password);
// 20 characters from an alphabet without look-alikes (no 0/O, 1/l/I).
std::string generate_password();

}  // namespace colloq::auth
