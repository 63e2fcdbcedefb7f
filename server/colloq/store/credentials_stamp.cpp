#include "colloq/store/credentials_stamp.hpp"

#include <cerrno>
#include <cstring>
#include <iostream>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "colloq/crypto/secrets.hpp"

namespace colloq::store {

credentials_stamp::credentials_stamp(const std::string& database_path)
    : path_(database_path.empty() ? "" : database_path + "-credentials") {}

std::optional<stamp_identity> credentials_stamp::current() const {
    if (path_.empty()) return std::nullopt;
    struct stat st {};
    if (::stat(path_.c_str(), &st) != 0) {
        if (errno == ENOENT) return stamp_identity{};
        return std::nullopt;
    }
    return stamp_identity{static_cast<std::uint64_t>(st.st_dev), static_cast<std::uint64_t>(st.st_ino),
                          static_cast<std::int64_t>(st.st_ctim.tv_sec) * 1000000000 + st.st_ctim.tv_nsec};
}

bool credentials_stamp::renew() const {
    if (path_.empty()) return true;
    // A new file renamed over the old one: a new inode while the old one still exists, so the
    // identity differs from the last one even on a coarse clock.
    std::string temp = path_ + ".tmp-" + crypto::random_hex(6);
    int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    bool ok = fd >= 0 && ::close(fd) == 0 && ::rename(temp.c_str(), path_.c_str()) == 0;
    if (!ok) {
        std::cerr << "colloq: cannot write " << path_ << ": " << std::strerror(errno)
                  << "; a running server may accept the revoked credentials for up to "
                  << cached_token_seconds << " seconds\n";
        ::unlink(temp.c_str());
    }
    return ok;
}

}  // namespace colloq::store
