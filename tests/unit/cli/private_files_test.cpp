#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>

#include <sys/stat.h>

#include "colloq/cli/private_files.hpp"

namespace colloq::cli {
namespace {

namespace fs = std::filesystem;

struct scratch {
    fs::path dir;
    scratch() {
        std::random_device random;
        dir = fs::temp_directory_path() / ("colloq-modes-" + std::to_string(random()));
        fs::create_directories(dir);
    }
    ~scratch() {
        std::error_code ignored;
        fs::remove_all(dir, ignored);
    }
};

void make(const fs::path& p, mode_t mode) {
    std::ofstream(p) << "x";
    ASSERT_EQ(::chmod(p.c_str(), mode), 0);
}

mode_t mode_of(const fs::path& p) {
    struct stat st {};
    EXPECT_EQ(::lstat(p.c_str(), &st), 0) << p;
    return st.st_mode & 07777;
}

TEST(make_private, narrows_the_directory_database_spool_and_exports_and_says_so) {
    scratch s;
    fs::path data = s.dir / "data";
    fs::create_directories(data / "mail");
    fs::create_directories(data / "exports");
    ASSERT_EQ(::chmod(data.c_str(), 0755), 0);
    ASSERT_EQ(::chmod((data / "mail").c_str(), 0775), 0);
    make(data / "colloq.db", 0644);
    make(data / "colloq.db-wal", 0664);
    make(data / "colloq.db-shm", 0644);
    make(data / "mail" / "00000001-confirmed.eml", 0644);
    make(data / "exports" / "partial.xlsx", 0666);
    make(data / "badge-signing.key", 0600);

    auto changed = make_private(data.string(), (data / "colloq.db").string());
    EXPECT_EQ(changed.size(), 8u);  // the directory, mail, exports, three database files, two spooled
    bool reported = false;
    for (const auto& line : changed) reported |= line.find("colloq.db had permissions 0644, now 0600") != std::string::npos;
    EXPECT_TRUE(reported);
    EXPECT_EQ(mode_of(data), 0700u);
    EXPECT_EQ(mode_of(data / "mail"), 0700u);
    EXPECT_EQ(mode_of(data / "exports"), 0700u);
    for (const char* f : {"colloq.db", "colloq.db-wal", "colloq.db-shm", "mail/00000001-confirmed.eml",
                          "exports/partial.xlsx", "badge-signing.key"})
        EXPECT_EQ(mode_of(data / f), 0600u) << f;
    EXPECT_TRUE(make_private(data.string(), (data / "colloq.db").string()).empty()) << "nothing left to narrow";
}

TEST(make_private, reaches_a_database_kept_elsewhere_and_leaves_links_and_missing_files_alone) {
    scratch s;
    fs::path data = s.dir / "data", elsewhere = s.dir / "db";
    fs::create_directories(data);
    fs::create_directories(elsewhere);
    ASSERT_EQ(::chmod(elsewhere.c_str(), 0755), 0);
    make(elsewhere / "events.db", 0644);
    make(s.dir / "outside.txt", 0644);
    fs::create_symlink(s.dir / "outside.txt", data / "mail");

    make_private(data.string(), (elsewhere / "events.db").string());
    EXPECT_EQ(mode_of(elsewhere / "events.db"), 0600u);
    EXPECT_EQ(mode_of(elsewhere), 0755u) << "a directory that is not the data directory is not ours to narrow";
    EXPECT_EQ(mode_of(s.dir / "outside.txt"), 0644u) << "a symbolic link was followed";
    EXPECT_TRUE(make_private((s.dir / "absent").string(), "").empty());

    // A data directory reached through a link (/var/lib/colloq -> /srv/colloq) is narrowed.
    fs::create_directories(s.dir / "real");
    ASSERT_EQ(::chmod((s.dir / "real").c_str(), 0755), 0);
    fs::create_directory_symlink(s.dir / "real", s.dir / "linked");
    make_private((s.dir / "linked").string(), "");
    EXPECT_EQ(mode_of(s.dir / "real"), 0700u);
}

}  // namespace
}  // namespace colloq::cli
