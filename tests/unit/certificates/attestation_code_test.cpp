// The attendance certificate's code: made by the server's key only, and every change refused.
#include <gtest/gtest.h>
#include <sodium.h>

#include "colloq/certificates/attestation_code.hpp"
#include "colloq/certificates/certificate_pdf.hpp"

namespace colloq::certificates {
namespace {

tickets::key_pair new_key() {
    EXPECT_GE(sodium_init(), 0);
    tickets::key_pair k;
    crypto_sign_keypair(k.public_key.data(), k.secret_key.data());
    return k;
}

TEST(attestation_code, names_its_registration_and_refuses_any_change) {
    auto key = new_key();
    std::string code = attestation_code(key, "colloque", 42);
    ASSERT_EQ(code.substr(0, 3), "42-");
    EXPECT_EQ(code.size(), 3u + 19u) << code;  // 16 letters in four groups
    EXPECT_EQ(check_attestation_code(key, "colloque", code), 42);
    std::string lower = code;
    for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    EXPECT_EQ(check_attestation_code(key, "colloque", lower), 42) << "typed in lower case";

    EXPECT_FALSE(check_attestation_code(key, "autre-colloque", code)) << "another event";
    EXPECT_FALSE(check_attestation_code(new_key(), "colloque", code)) << "another server's key";
    EXPECT_FALSE(check_attestation_code(key, "colloque", "43" + code.substr(2))) << "another registration";
    EXPECT_FALSE(check_attestation_code(key, "colloque", "042" + code.substr(2))) << "a leading zero";
    for (std::size_t i = 3; i < code.size(); ++i) {
        if (code[i] == '-') continue;
        std::string forged = code;
        forged[i] = forged[i] == 'A' ? 'B' : 'A';
        EXPECT_FALSE(check_attestation_code(key, "colloque", forged)) << forged;
    }
    for (const char* junk : {"", "-", "42", "42-", "x-ABCD", "42-ABCD-EFGH", "99999999999999999999-AAAA"})
        EXPECT_FALSE(check_attestation_code(key, "colloque", junk)) << junk;
}

TEST(certificate_pdf, made_out_in_the_town_of_the_venue) {
    EXPECT_EQ(place_of_issue("Sénat, Palais du Luxembourg, 15 rue de Vaugirard, 75006 Paris"), "Paris");
    EXPECT_EQ(place_of_issue("Hôtel de Région, 1 esplanade François-Mitterrand, 69002 Lyon"), "Lyon");
    EXPECT_EQ(place_of_issue("Salle des fêtes"), "Salle des fêtes");
}

}  // namespace
}  // namespace colloq::certificates
