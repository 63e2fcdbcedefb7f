#include "colloq/tickets/signing.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <utility>

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include "colloq/crypto/secrets.hpp"

namespace colloq::tickets {

static_assert(std::tuple_size_v<decltype(key_pair::public_key)> == crypto_sign_PUBLICKEYBYTES);
static_assert(std::tuple_size_v<decltype(key_pair::secret_key)> == crypto_sign_SECRETKEYBYTES);

namespace {

constexpr const char* file_name = "badge-signing.key";

[[noreturn]] void fail(const std::string& path, const std::string& what) {
    throw std::runtime_error("badge signing key " + path + ": " + what);
}

[[noreturn]] void fail_errno(const std::string& path, const char* doing) {
    fail(path, std::string(doing) + ": " + std::strerror(errno));
}

class file_descriptor {
public:
    explicit file_descriptor(int fd) : fd_(fd) {}
    file_descriptor(const file_descriptor&) = delete;
    file_descriptor& operator=(const file_descriptor&) = delete;
    ~file_descriptor() {
        if (fd_ >= 0) ::close(fd_);
    }
    int get() const { return fd_; }
    // Closing can report a write error that write() did not.
    int close() { return ::close(std::exchange(fd_, -1)); }

private:
    int fd_;
};

bool read_all(int fd, unsigned char* out, std::size_t size) {
    while (size > 0) {
        ssize_t n = ::read(fd, out, size);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        out += n;
        size -= static_cast<std::size_t>(n);
    }
    return true;
}

bool write_all(int fd, const unsigned char* data, std::size_t size) {
    while (size > 0) {
        ssize_t n = ::write(fd, data, size);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        data += n;
        size -= static_cast<std::size_t>(n);
    }
    return true;
}

// Fills both halves from the secret key, refusing a key whose stored public
// half does not match its seed (a damaged file would sign unverifiable badges).
key_pair complete(const std::array<unsigned char, 64>& secret_key, const std::string& path) {
    key_pair keys{};
    keys.secret_key = secret_key;
    crypto_sign_ed25519_sk_to_pk(keys.public_key.data(), keys.secret_key.data());
    unsigned char seed[crypto_sign_SEEDBYTES];
    unsigned char pk[crypto_sign_PUBLICKEYBYTES];
    unsigned char sk[crypto_sign_SECRETKEYBYTES];
    crypto_sign_ed25519_sk_to_seed(seed, keys.secret_key.data());
    crypto_sign_seed_keypair(pk, sk, seed);
    bool consistent = sodium_memcmp(sk, keys.secret_key.data(), sizeof sk) == 0;
    sodium_memzero(seed, sizeof seed);
    sodium_memzero(sk, sizeof sk);
    if (!consistent) fail(path, "the file is damaged; restore it from a backup");
    return keys;
}

std::optional<key_pair> load(const std::string& path) {
    file_descriptor fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
    if (fd.get() < 0) {
        if (errno == ENOENT) return std::nullopt;
        fail_errno(path, "cannot open");
    }
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0) fail_errno(path, "cannot read its status");
    if (!S_ISREG(st.st_mode)) fail(path, "not a regular file");
    if ((st.st_mode & 07777 & ~0600) != 0) {
        char mode[8];
        std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
        fail(path, std::string("permissions ") + mode +
                       " are wider than 0600; only its owner may read it: run chmod 600 on it");
    }
    if (st.st_size != crypto_sign_SECRETKEYBYTES)
        fail(path, "holds " + std::to_string(st.st_size) + " bytes instead of " +
                       std::to_string(crypto_sign_SECRETKEYBYTES));
    std::array<unsigned char, 64> secret_key{};
    if (!read_all(fd.get(), secret_key.data(), secret_key.size())) fail_errno(path, "cannot read");
    key_pair keys = complete(secret_key, path);
    sodium_memzero(secret_key.data(), secret_key.size());
    return keys;
}

void sync_directory(const std::string& dir, const std::string& path) {
    file_descriptor fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (fd.get() < 0 || ::fsync(fd.get()) != 0) fail_errno(path, "cannot sync its directory");
}

// Writes a new key to a private temporary file, then links it into place: a
// crash leaves either no key or a whole one, and if another process created
// the key meanwhile, link() fails instead of replacing it (rename would not).
void create(const std::string& dir, const std::string& path) {
    std::array<unsigned char, 64> secret_key{};
    std::array<unsigned char, 32> public_key{};
    crypto_sign_keypair(public_key.data(), secret_key.data());

    std::string temp = path + ".tmp-" + crypto::random_token(9);
    file_descriptor fd(::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600));
    if (fd.get() < 0) fail_errno(temp, "cannot create");
    bool written = write_all(fd.get(), secret_key.data(), secret_key.size()) && ::fsync(fd.get()) == 0 &&
                   fd.close() == 0;
    int saved_errno = errno;
    sodium_memzero(secret_key.data(), secret_key.size());
    if (!written) {
        ::unlink(temp.c_str());
        errno = saved_errno;
        fail_errno(temp, "cannot write");
    }
    int linked = ::link(temp.c_str(), path.c_str());
    saved_errno = errno;
    if (linked != 0 && (saved_errno == EPERM || saved_errno == ENOTSUP || saved_errno == EOPNOTSUPP)) {
        // A file system without hard links: rename is atomic too, only not exclusive.
        linked = ::rename(temp.c_str(), path.c_str());
        saved_errno = errno;
    }
    ::unlink(temp.c_str());
    if (linked != 0 && saved_errno != EEXIST) {
        errno = saved_errno;
        fail_errno(path, "cannot create");
    }
    sync_directory(dir, path);
}

}  // namespace

std::string key_path(const std::string& data_dir) {
    return (std::filesystem::path(data_dir.empty() ? "." : data_dir) / file_name).string();
}

key_pair load_or_create_key(const std::string& data_dir) {
    std::string dir = data_dir.empty() ? "." : data_dir;
    std::string path = key_path(data_dir);
    if (auto keys = load(path)) return *keys;
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) fail(path, "cannot create the directory " + dir + ": " + ec.message());
    create(dir, path);
    if (auto keys = load(path)) return *keys;
    fail(path, "disappeared right after it was created");
}

std::string public_key_base64url(const key_pair& keys) {
    return crypto::base64url_encode(std::string_view(reinterpret_cast<const char*>(keys.public_key.data()),
                                                     keys.public_key.size()));
}

}  // namespace colloq::tickets
