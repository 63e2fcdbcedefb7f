#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <stdexcept>

#include <sodium.h>
#include <sys/stat.h>

#include "colloq/crypto/secrets.hpp"
#include "colloq/tickets/signing.hpp"
#include "scratch.hpp"

namespace colloq::tickets {
namespace {

using test_files::scratch_dir;

std::string error_of(const std::string& dir) {
    try {
        load_or_create_key(dir);
    } catch (const std::runtime_error& e) {
        return e.what();
    }
    return "";
}

unsigned mode_of(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return 0;
    return st.st_mode & 07777;
}

class tickets_signing : public ::testing::Test {
protected:
    void SetUp() override { crypto::init(); }
    scratch_dir dir_;
};

TEST_F(tickets_signing, creates_a_private_key_file_and_reads_it_back) {
    const std::string file = dir_.file("badge-signing.key");
    key_pair first = load_or_create_key(dir_.path().string());
    ASSERT_TRUE(std::filesystem::exists(file));
    EXPECT_EQ(mode_of(file), 0600u);
    EXPECT_EQ(std::filesystem::file_size(file), 64u);

    key_pair second = load_or_create_key(dir_.path().string());
    EXPECT_EQ(second.secret_key, first.secret_key);
    EXPECT_EQ(second.public_key, first.public_key);

    // No temporary file is left behind.
    int entries = 0;
    for (const auto& e : std::filesystem::directory_iterator(dir_.path())) {
        (void)e;
        ++entries;
    }
    EXPECT_EQ(entries, 1);
}

TEST_F(tickets_signing, public_key_matches_the_secret_key) {
    key_pair keys = load_or_create_key(dir_.path().string());
    const unsigned char message[] = "badge";
    unsigned char signature[crypto_sign_BYTES];
    crypto_sign_detached(signature, nullptr, message, sizeof message, keys.secret_key.data());
    EXPECT_EQ(crypto_sign_verify_detached(signature, message, sizeof message, keys.public_key.data()), 0);
}

TEST_F(tickets_signing, two_data_directories_get_two_keys) {
    scratch_dir other;
    EXPECT_NE(load_or_create_key(dir_.path().string()).public_key,
              load_or_create_key(other.path().string()).public_key);
}

TEST_F(tickets_signing, creates_a_missing_data_directory) {
    std::string nested = (dir_.path() / "var" / "data").string();
    load_or_create_key(nested);
    EXPECT_EQ(mode_of(nested + "/badge-signing.key"), 0600u);
}

TEST_F(tickets_signing, refuses_a_key_file_others_can_read) {
    const std::string file = dir_.file("badge-signing.key");
    load_or_create_key(dir_.path().string());
    ASSERT_EQ(::chmod(file.c_str(), 0644), 0);
    std::string error = error_of(dir_.path().string());
    EXPECT_NE(error.find(file), std::string::npos) << error;
    EXPECT_NE(error.find("0644"), std::string::npos) << error;
    EXPECT_NE(error.find("chmod 600"), std::string::npos) << error;

    ASSERT_EQ(::chmod(file.c_str(), 0640), 0);
    EXPECT_NE(error_of(dir_.path().string()), "");
    ASSERT_EQ(::chmod(file.c_str(), 0400), 0);  // narrower is fine
    EXPECT_EQ(error_of(dir_.path().string()), "");
}

TEST_F(tickets_signing, refuses_a_key_file_of_the_wrong_size) {
    const std::string file = dir_.file("badge-signing.key");
    test_files::write_file(file, std::string(63, 'k'));
    ASSERT_EQ(::chmod(file.c_str(), 0600), 0);
    std::string error = error_of(dir_.path().string());
    EXPECT_NE(error.find(file), std::string::npos) << error;
    EXPECT_NE(error.find("63 bytes"), std::string::npos) << error;
    // The bad file is left for a person to look at, not replaced.
    EXPECT_EQ(std::filesystem::file_size(file), 63u);
}

TEST_F(tickets_signing, refuses_a_damaged_key_file) {
    const std::string file = dir_.file("badge-signing.key");
    load_or_create_key(dir_.path().string());
    std::string bytes(64, '\0');
    randombytes_buf(bytes.data(), bytes.size());
    test_files::write_file(file, bytes);
    std::string error = error_of(dir_.path().string());
    EXPECT_NE(error.find(file), std::string::npos) << error;
    EXPECT_NE(error.find("damaged"), std::string::npos) << error;
}

TEST_F(tickets_signing, public_key_is_43_characters_of_base64url) {
    key_pair keys = load_or_create_key(dir_.path().string());
    std::string text = public_key_base64url(keys);
    EXPECT_EQ(text.size(), 43u);
    unsigned char decoded[32];
    std::size_t length = 0;
    ASSERT_EQ(sodium_base642bin(decoded, sizeof decoded, text.c_str(), text.size(), nullptr, &length, nullptr,
                                sodium_base64_VARIANT_URLSAFE_NO_PADDING),
              0);
    ASSERT_EQ(length, 32u);
    EXPECT_EQ(std::memcmp(decoded, keys.public_key.data(), 32), 0);
}

}  // namespace
}  // namespace colloq::tickets
