#pragma once
// Staff passwords: Argon2id hashes, computed on their own threads with a bound on how many
// run at once (each takes 64 MiB), so a login flood cannot exhaust memory or the I/O threads.
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace colloq::auth {

inline constexpr std::size_t min_password_length = 12;

std::string hash_password(std::string_view password);
bool verify_password(const std::string& hash, std::string_view password);
// 20 characters from an alphabet without look-alikes (no 0/O, 1/l/I).
std::string generate_password();

class hasher {
public:
    hasher(int threads, std::size_t max_waiting);
    ~hasher();
    hasher(const hasher&) = delete;
    hasher& operator=(const hasher&) = delete;

    // Runs `job` on a hashing thread; false (and nothing runs) when too many are waiting.
    bool submit(std::function<void()> job);

private:
    void loop();
    std::size_t max_waiting_;
    std::mutex mutex_;
    std::condition_variable cv_;
    std::deque<std::function<void()>> queue_;
    bool stopping_ = false;
    std::vector<std::thread> threads_;
};

}  // namespace colloq::auth
