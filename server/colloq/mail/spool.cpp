#include "colloq/mail/spool.hpp"

#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <set>
#include <stdexcept>
#include <system_error>

#include <fcntl.h>
#include <unistd.h>

namespace colloq::mail {

namespace {

namespace fs = std::filesystem;

[[noreturn]] void fail(const std::string& what, const fs::path& path, int error) {
    throw std::runtime_error(what + " " + path.string() + ": " + std::strerror(error));
}

// Closed on every way out; close() is called by hand where its error matters.
class descriptor {
public:
    explicit descriptor(int fd) : fd_(fd) {}
    descriptor(const descriptor&) = delete;
    descriptor& operator=(const descriptor&) = delete;
    ~descriptor() {
        if (fd_ >= 0) ::close(fd_);
    }
    int get() const { return fd_; }
    int close() {
        int rc = ::close(fd_);
        fd_ = -1;
        return rc;
    }

private:
    int fd_;
};

void write_all(const descriptor& fd, const std::string& bytes, const fs::path& path) {
    std::size_t done = 0;
    while (done < bytes.size()) {
        ssize_t n = ::write(fd.get(), bytes.data() + done, bytes.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) fail("cannot write", path, errno);
        done += static_cast<std::size_t>(n);
    }
}

void write_synced(const fs::path& path, const std::string& bytes) {
    // Emails hold personal data: readable by the owner only.
    descriptor fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
    if (fd.get() < 0) fail("cannot create", path, errno);
    write_all(fd, bytes, path);
    if (::fsync(fd.get()) != 0) fail("cannot sync", path, errno);
    if (fd.close() != 0) fail("cannot close", path, errno);
}

// Makes the rename itself durable.
void sync_folder(const fs::path& dir) {
    descriptor fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (fd.get() < 0) fail("cannot open", dir, errno);
    if (::fsync(fd.get()) != 0) fail("cannot sync", dir, errno);
}

bool is_plain_name(const std::string& name) {
    return !name.empty() && name != "." && name != ".." && name.find('/') == std::string::npos &&
           name.find('\0') == std::string::npos;
}

}  // namespace

void write_eml(const std::string& dir, const std::string& file_name, const std::string& message) {
    if (!is_plain_name(file_name)) throw std::runtime_error("not a plain file name for an email: " + file_name);
    fs::path folder(dir);
    std::error_code ec;
    fs::create_directories(folder, ec);
    if (ec) throw std::runtime_error("cannot create " + folder.string() + ": " + ec.message());

    // Hidden and without the .eml suffix, so nothing that lists the emails picks it up half written.
    static std::atomic<unsigned> counter{0};
    fs::path temp = folder / ("." + file_name + ".tmp-" + std::to_string(::getpid()) + "-" +
                              std::to_string(counter.fetch_add(1)));
    fs::path target = folder / file_name;
    try {
        write_synced(temp, message);
        if (::rename(temp.c_str(), target.c_str()) != 0) fail("cannot rename to", target, errno);
    } catch (...) {
        ::unlink(temp.c_str());
        throw;
    }
    sync_folder(folder);
}

int forget_spooled(const std::string& dir, const std::vector<long long>& outbox_ids) {
    if (outbox_ids.empty()) return 0;
    std::set<long long> ids(outbox_ids.begin(), outbox_ids.end());
    int removed = 0;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
        std::string name = entry.path().filename().string();
        auto dash = name.find('-');
        if (dash == 0 || dash > 18 || name.find_first_not_of("0123456789") != dash) continue;
        if (!ids.count(std::stoll(name.substr(0, dash)))) continue;
        if (fs::remove(entry.path(), ec)) ++removed;
    }
    return removed;
}

}  // namespace colloq::mail
