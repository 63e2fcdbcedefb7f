#include <gtest/gtest.h>

#include <filesystem>
#include <random>

#include "colloq/crypto/secrets.hpp"
#include "colloq/store/credentials_stamp.hpp"

namespace colloq::store {
namespace {

namespace fs = std::filesystem;

TEST(credentials_stamp, each_renewal_gives_a_mark_unlike_the_last) {
    crypto::init();
    std::random_device random;
    fs::path dir = fs::temp_directory_path() / ("colloq-stamp-" + std::to_string(random()));
    fs::create_directories(dir);
    credentials_stamp stamp((dir / "colloq.db").string());
    auto none = stamp.current();
    ASSERT_TRUE(none.has_value());
    EXPECT_EQ(*none, stamp_identity{});
    auto previous = *none;
    for (int i = 0; i < 20; ++i) {
        ASSERT_TRUE(stamp.renew());
        auto now = stamp.current();
        ASSERT_TRUE(now.has_value());
        EXPECT_FALSE(*now == previous) << "renewal " << i << " left the mark as it was";
        EXPECT_EQ(*stamp.current(), *now) << "the mark changed by itself";
        previous = *now;
    }
    EXPECT_TRUE(fs::exists(dir / "colloq.db-credentials"));
    std::size_t files = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir)) ++files;
    EXPECT_EQ(files, 1u) << "temporary files left behind";
    fs::remove_all(dir);
}

TEST(credentials_stamp, without_a_database_file_there_is_no_mark_to_trust) {
    credentials_stamp none("");
    EXPECT_FALSE(none.current().has_value());
    EXPECT_TRUE(none.renew());
}

}  // namespace
}  // namespace colloq::store
