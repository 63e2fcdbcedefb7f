#include <gtest/gtest.h>

#include <cctype>
#include <cstring>
#include <random>

#include <sodium.h>

#include "colloq/crypto/secrets.hpp"
#include "colloq/tickets/base32.hpp"
#include "colloq/tickets/ticket.hpp"

namespace colloq::tickets {
namespace {

key_pair new_keys() {
    key_pair keys{};
    crypto_sign_keypair(keys.public_key.data(), keys.secret_key.data());
    return keys;
}

class tickets_ticket : public ::testing::Test {
protected:
    void SetUp() override {
        crypto::init();
        keys_ = new_keys();
        tag_ = event_tag_of("ia-collectivites-2024");
        sample_ = {tag_, 4242, {0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef}};
    }

    verification check(std::string_view text) const { return verify(text, keys_.public_key, tag_); }

    key_pair keys_{};
    std::uint32_t tag_ = 0;
    ticket sample_;
};

std::string raw(const std::string& text) {
    auto bytes = base32_decode(text);
    return bytes ? *bytes : std::string();
}

TEST_F(tickets_ticket, issue_then_verify_gives_the_same_fields) {
    for (std::uint32_t id : {0u, 1u, 4242u, 0x7fffffffu, 0xffffffffu}) {
        ticket t{tag_, id, new_nonce()};
        verification v = check(issue(t, keys_));
        ASSERT_TRUE(v.valid) << id;
        EXPECT_EQ(*v.valid, t);
        EXPECT_EQ(v.valid->registration_id, id);
    }
}

TEST_F(tickets_ticket, text_is_130_characters_of_the_qr_alphanumeric_set) {
    std::string text = issue(sample_, keys_);
    EXPECT_EQ(text.size(), 130u);
    EXPECT_EQ(text.size(), ticket_text_length);
    EXPECT_EQ(text.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"), std::string::npos);
}

// What a third party reads in the README: checked here byte by byte with
// plain libsodium calls, not with the functions under test.
TEST_F(tickets_ticket, bytes_follow_the_documented_layout) {
    std::string bytes = raw(issue(sample_, keys_));
    ASSERT_EQ(bytes.size(), 81u);
    const auto* b = reinterpret_cast<const unsigned char*>(bytes.data());
    EXPECT_EQ(b[0], 0x01);

    std::string slug_input = "colloq-event:ia-collectivites-2024";
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(slug_input.data()), slug_input.size());
    EXPECT_EQ(std::memcmp(b + 1, digest, 4), 0);
    EXPECT_EQ(tag_, std::uint32_t{digest[0]} << 24 | std::uint32_t{digest[1]} << 16 |
                        std::uint32_t{digest[2]} << 8 | digest[3]);

    const unsigned char id[4] = {0x00, 0x00, 0x10, 0x92};  // 4242
    EXPECT_EQ(std::memcmp(b + 5, id, 4), 0);
    EXPECT_EQ(std::memcmp(b + 9, sample_.nonce.data(), 8), 0);

    std::string message = "colloq-ticket-v1" + bytes.substr(0, 17);
    EXPECT_EQ(crypto_sign_verify_detached(b + 17, reinterpret_cast<const unsigned char*>(message.data()),
                                          message.size(), keys_.public_key.data()),
              0);
    // Without the domain prefix the signature is worthless.
    EXPECT_NE(crypto_sign_verify_detached(b + 17, b, 17, keys_.public_key.data()), 0);
}

TEST_F(tickets_ticket, every_single_flipped_bit_is_rejected) {
    std::string bytes = raw(issue(sample_, keys_));
    ASSERT_EQ(bytes.size(), 81u);
    for (std::size_t bit = 0; bit < bytes.size() * 8; ++bit) {
        std::string flipped = bytes;
        flipped[bit / 8] = static_cast<char>(flipped[bit / 8] ^ (1 << (bit % 8)));
        verification v = check(base32_encode(flipped));
        ASSERT_FALSE(v.valid) << "bit " << bit;
        EXPECT_EQ(v.error, bit < 8 ? ticket_error::malformed : ticket_error::bad_signature) << "bit " << bit;
    }
}

TEST_F(tickets_ticket, every_truncation_and_extension_is_malformed) {
    std::string text = issue(sample_, keys_);
    for (std::size_t length = 0; length < text.size(); ++length) {
        verification v = check(text.substr(0, length));
        ASSERT_FALSE(v.valid) << length;
        EXPECT_EQ(v.error, ticket_error::malformed) << length;
    }
    for (const char* tail : {"A", "AA", "AAAAAAAA", "=", "!"}) {
        verification v = check(text + tail);
        EXPECT_FALSE(v.valid) << tail;
        EXPECT_EQ(v.error, ticket_error::malformed) << tail;
    }
}

TEST_F(tickets_ticket, random_input_is_rejected_without_crashing) {
    std::mt19937 random(81);
    for (int i = 0; i < 3000; ++i) {
        std::string junk(random() % 300, '\0');
        for (char& c : junk) c = static_cast<char>(random() & 0xff);
        EXPECT_FALSE(check(junk).valid);
    }
    // Well-formed base32 of the right length, but not signed by the key.
    const char* alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    for (int i = 0; i < 2000; ++i) {
        std::string text(130, 'A');
        for (char& c : text) c = alphabet[random() % 32];
        text[0] = 'A';  // version byte 0x01 needs "AE" or "AF"
        text[1] = (random() & 1) ? 'E' : 'F';
        text.back() = 'A';
        verification v = check(text);
        EXPECT_FALSE(v.valid);
        EXPECT_EQ(v.error, ticket_error::bad_signature) << text;
    }
    EXPECT_EQ(check("").error, ticket_error::malformed);
    EXPECT_EQ(check(std::string(1 << 20, 'A')).error, ticket_error::malformed);
    EXPECT_EQ(check(std::string(130, '\0')).error, ticket_error::malformed);
    EXPECT_EQ(check(std::string(130, '\xff')).error, ticket_error::malformed);
}

TEST_F(tickets_ticket, accepts_lower_case_and_white_space_from_scanners) {
    std::string text = issue(sample_, keys_);
    std::string lower;
    for (char c : text) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    EXPECT_TRUE(check(lower).valid);
    EXPECT_TRUE(check("  " + text + "\r\n").valid);
}

TEST_F(tickets_ticket, ticket_for_another_event_is_wrong_event) {
    ticket other = sample_;
    other.event_tag = event_tag_of("another-colloquium-2025");
    ASSERT_NE(other.event_tag, tag_);
    verification v = check(issue(other, keys_));
    EXPECT_FALSE(v.valid);
    EXPECT_EQ(v.error, ticket_error::wrong_event);
}

TEST_F(tickets_ticket, ticket_signed_by_another_key_is_bad_signature) {
    verification v = check(issue(sample_, new_keys()));
    EXPECT_FALSE(v.valid);
    EXPECT_EQ(v.error, ticket_error::bad_signature);
}

TEST_F(tickets_ticket, signed_ticket_of_an_unknown_version_is_malformed) {
    std::string bytes = raw(issue(sample_, keys_));
    bytes[0] = 0x02;
    std::string message = "colloq-ticket-v1" + bytes.substr(0, 17);
    crypto_sign_detached(reinterpret_cast<unsigned char*>(&bytes[17]), nullptr,
                         reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                         keys_.secret_key.data());
    verification v = check(base32_encode(bytes));
    EXPECT_FALSE(v.valid);
    EXPECT_EQ(v.error, ticket_error::malformed);
}

TEST_F(tickets_ticket, reading_gives_the_fields_and_the_fingerprint_of_the_bytes) {
    std::string text = issue(sample_, keys_);
    auto r = read(text);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->fields, sample_);
    std::string bytes = raw(text);
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
    char hex[sizeof digest * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
    EXPECT_EQ(r->fingerprint, hex);
    EXPECT_EQ(fingerprint_of(text), hex);
    // Whatever the scanner's case and white space, the same bytes have the same fingerprint.
    std::string lower;
    for (char c : text) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    EXPECT_EQ(fingerprint_of(" " + lower + "\n"), hex);
}

TEST_F(tickets_ticket, one_flipped_bit_changes_the_fingerprint) {
    std::string bytes = raw(issue(sample_, keys_));
    std::string fingerprint = fingerprint_of(base32_encode(bytes));
    for (std::size_t bit = 8; bit < bytes.size() * 8; bit += 37) {  // the version byte left alone
        std::string flipped = bytes;
        flipped[bit / 8] = static_cast<char>(flipped[bit / 8] ^ (1 << (bit % 8)));
        EXPECT_NE(fingerprint_of(base32_encode(flipped)), fingerprint) << "bit " << bit;
    }
}

TEST_F(tickets_ticket, reading_refuses_what_verify_calls_malformed) {
    std::string bytes = raw(issue(sample_, keys_));
    EXPECT_FALSE(read(""));
    EXPECT_FALSE(read("HELLO-NOT-A-BADGE"));
    EXPECT_FALSE(read(base32_encode(bytes.substr(0, 80))));
    EXPECT_FALSE(read(std::string(1 << 20, 'A')));
    bytes[0] = 0x02;
    EXPECT_FALSE(read(base32_encode(bytes)));
    EXPECT_EQ(fingerprint_of("HELLO"), "");
}

TEST_F(tickets_ticket, nonces_are_random_and_shown_as_16_hex_digits) {
    EXPECT_EQ(nonce_hex(sample_.nonce), "0123456789abcdef");
    auto a = new_nonce(), b = new_nonce();
    EXPECT_NE(a, b);
    EXPECT_EQ(nonce_hex(a).size(), 16u);
    EXPECT_EQ(nonce_hex(a).find_first_not_of("0123456789abcdef"), std::string::npos);
}

TEST_F(tickets_ticket, a_reissued_badge_has_another_text) {
    ticket again = sample_;
    again.nonce = new_nonce();
    EXPECT_NE(issue(again, keys_), issue(sample_, keys_));
    EXPECT_EQ(issue(sample_, keys_), issue(sample_, keys_));  // Ed25519 signatures are deterministic
}

TEST_F(tickets_ticket, event_tags_differ_between_slugs) {
    EXPECT_EQ(event_tag_of("ia-collectivites-2024"), event_tag_of("ia-collectivites-2024"));
    EXPECT_NE(event_tag_of("ia-collectivites-2024"), event_tag_of("ia-collectivites-2025"));
    EXPECT_NE(event_tag_of(""), event_tag_of("a"));
}

}  // namespace
}  // namespace colloq::tickets
