#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <stdexcept>

#include <sys/stat.h>

#include "colloq/mail/spool.hpp"
#include "test_support.hpp"

namespace colloq::mail {
namespace {

using testing::temp_dir;
namespace fs = std::filesystem;

std::vector<std::string> listing(const fs::path& dir) {
    std::vector<std::string> names;
    for (const auto& f : fs::directory_iterator(dir)) names.push_back(f.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

const std::string bytes = testing::bytes_of("From: a@example.org\r\nSubject: x\r\n\r\n\0\x01\xff binary\r\n");

TEST(mail_spool, writes_the_exact_bytes_and_creates_the_folder) {
    temp_dir dir;
    fs::path spool = dir.path() / "data" / "mail";
    write_eml(spool.string(), "outbox-1.eml", bytes);
    EXPECT_EQ(testing::read_file(spool / "outbox-1.eml"), bytes);
    EXPECT_EQ(listing(spool), std::vector<std::string>{"outbox-1.eml"});
    struct stat st {};
    ASSERT_EQ(::stat((spool / "outbox-1.eml").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
}

TEST(mail_spool, a_second_write_replaces_the_file_whole) {
    temp_dir dir;
    write_eml(dir.path().string(), "outbox-2.eml", std::string(100000, 'a'));
    write_eml(dir.path().string(), "outbox-2.eml", "short");
    EXPECT_EQ(testing::read_file(dir.path() / "outbox-2.eml"), "short");
    write_eml(dir.path().string(), "outbox-3.eml", "");
    EXPECT_EQ(testing::read_file(dir.path() / "outbox-3.eml"), "");
    EXPECT_EQ(listing(dir.path()), (std::vector<std::string>{"outbox-2.eml", "outbox-3.eml"}));
}

TEST(mail_spool, refuses_names_that_leave_the_folder) {
    temp_dir dir;
    fs::path spool = dir.path() / "mail";
    for (const char* bad : {"", ".", "..", "../escape.eml", "sub/x.eml"})
        EXPECT_THROW(write_eml(spool.string(), bad, bytes), std::runtime_error) << bad;
    EXPECT_FALSE(fs::exists(dir.path() / "escape.eml"));
}

TEST(mail_spool, failures_throw_and_leave_nothing_behind) {
    temp_dir dir;
    testing::write_file(dir.path() / "not-a-folder", "x");
    EXPECT_THROW(write_eml((dir.path() / "not-a-folder").string(), "a.eml", bytes), std::runtime_error);
    EXPECT_THROW(write_eml((dir.path() / "not-a-folder" / "below").string(), "a.eml", bytes), std::runtime_error);

    // The target name is taken by a folder: the rename fails after the temporary file was written.
    fs::create_directories(dir.path() / "spool" / "taken.eml" / "inside");
    EXPECT_THROW(write_eml((dir.path() / "spool").string(), "taken.eml", bytes), std::runtime_error);
    EXPECT_EQ(listing(dir.path() / "spool"), std::vector<std::string>{"taken.eml"});
}

}  // namespace
}  // namespace colloq::mail
