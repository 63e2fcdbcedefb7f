#include <gtest/gtest.h>

#include <random>

#include "colloq/tickets/base32.hpp"

namespace colloq::tickets {
namespace {

TEST(tickets_base32, matches_rfc_4648_vectors_without_padding) {
    EXPECT_EQ(base32_encode(""), "");
    EXPECT_EQ(base32_encode("f"), "MY");
    EXPECT_EQ(base32_encode("fo"), "MZXQ");
    EXPECT_EQ(base32_encode("foo"), "MZXW6");
    EXPECT_EQ(base32_encode("foob"), "MZXW6YQ");
    EXPECT_EQ(base32_encode("fooba"), "MZXW6YTB");
    EXPECT_EQ(base32_encode("foobar"), "MZXW6YTBOI");
    EXPECT_EQ(base32_decode("MZXW6YTBOI"), "foobar");
    EXPECT_EQ(base32_decode("MY"), "f");
    EXPECT_EQ(base32_decode(""), "");
}

TEST(tickets_base32, round_trips_random_bytes_of_every_length) {
    std::mt19937 random(20241010);
    for (int round = 0; round < 20; ++round) {
        for (std::size_t length = 0; length <= 100; ++length) {
            std::string bytes(length, '\0');
            for (char& c : bytes) c = static_cast<char>(random() & 0xff);
            std::string text = base32_encode(bytes);
            EXPECT_EQ(text.size(), (length * 8 + 4) / 5);
            EXPECT_EQ(text.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"), std::string::npos);
            auto back = base32_decode(text);
            ASSERT_TRUE(back) << text;
            EXPECT_EQ(*back, bytes);
        }
    }
}

TEST(tickets_base32, accepts_lower_case_and_surrounding_white_space) {
    EXPECT_EQ(base32_decode("mzxw6ytboi"), "foobar");
    EXPECT_EQ(base32_decode("MzXw6YtBoI"), "foobar");
    EXPECT_EQ(base32_decode(" \t\r\nMZXW6\r\n "), "foo");
}

TEST(tickets_base32, rejects_other_characters) {
    for (const char* text : {"MZXW6!", "MZXW6YQ=", "MZXW6Y==", "MZ0W6", "MZ1W6", "MZ8W6", "MZ9W6", "MZXW 6",
                             "MZX\nW6", "MZ-W6", "\xc3\x89ZXW6"})
        EXPECT_FALSE(base32_decode(text)) << text;
    EXPECT_FALSE(base32_decode(std::string("MZ\0W6", 5)));
    EXPECT_FALSE(base32_decode(std::string("MZXW6\0", 6)));
}

TEST(tickets_base32, rejects_texts_no_encoder_writes) {
    // Lengths 1, 3 and 6 modulo 8 end between bytes.
    EXPECT_FALSE(base32_decode("M"));
    EXPECT_FALSE(base32_decode("MZX"));
    EXPECT_FALSE(base32_decode("MZXW6Y"));
    EXPECT_FALSE(base32_decode("MZXW6YTBO"));
    // "MZ" leaves unused bits set; "MY" is the one text for "f".
    EXPECT_FALSE(base32_decode("MZ"));
    EXPECT_FALSE(base32_decode("MZXR"));
}

}  // namespace
}  // namespace colloq::tickets
