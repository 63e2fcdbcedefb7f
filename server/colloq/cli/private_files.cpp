#include "colloq/cli/private_files.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <stdexcept>

#include <sys/stat.h>

namespace colloq::cli {

namespace {

namespace fs = std::filesystem;

std::string octal(mode_t mode) {
    char text[8];
    std::snprintf(text, sizeof text, "%04o", static_cast<unsigned>(mode & 07777));
    return text;
}

// Takes group and other permissions away from a directory (0700) or a regular file (0600);
// a missing path, or a symbolic link unless `follow`, is left alone.
void narrow(const fs::path& path, bool directory, std::vector<std::string>& changed, bool follow = false) {
    struct stat st {};
    if ((follow ? ::stat(path.c_str(), &st) : ::lstat(path.c_str(), &st)) != 0) {
        if (errno == ENOENT) return;
        throw std::runtime_error("cannot read the permissions of " + path.string() + ": " + std::strerror(errno));
    }
    if (directory ? !S_ISDIR(st.st_mode) : !S_ISREG(st.st_mode)) return;
    mode_t wanted = directory ? 0700 : 0600;
    if ((st.st_mode & 07777) == wanted) return;
    if (::chmod(path.c_str(), wanted) != 0)
        throw std::runtime_error("cannot make " + path.string() + " private (chmod " + octal(wanted) +
                                 "): " + std::strerror(errno));
    changed.push_back(path.string() + " had permissions " + octal(st.st_mode) + ", now " + octal(wanted));
}

// A folder colloq writes files into (mail spool, export scratch files), and those files.
void narrow_folder(const fs::path& dir, std::vector<std::string>& changed) {
    narrow(dir, true, changed);
    std::error_code ec;
    if (!fs::is_directory(fs::symlink_status(dir, ec))) return;
    for (const auto& entry : fs::directory_iterator(dir, ec)) narrow(entry.path(), false, changed);
    if (ec) throw std::runtime_error("cannot list " + dir.string() + ": " + ec.message());
}

}  // namespace

std::vector<std::string> make_private(const std::string& data_dir, const std::string& sqlite_path) {
    std::vector<std::string> changed;
    fs::path dir = data_dir.empty() ? fs::path(".") : fs::path(data_dir);
    narrow(dir, true, changed, true);  // the directory named with --data, even through a link
    narrow_folder(dir / "mail", changed);
    narrow_folder(dir / "exports", changed);
    if (!sqlite_path.empty())
        for (const char* suffix : {"", "-wal", "-shm", "-journal"})
            narrow(fs::path(sqlite_path + suffix), false, changed);
    return changed;
}

}  // namespace colloq::cli
