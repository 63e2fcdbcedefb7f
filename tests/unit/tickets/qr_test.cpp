#include <gtest/gtest.h>

#include <regex>

#include "colloq/crypto/secrets.hpp"
#include "colloq/tickets/qr.hpp"
#include "colloq/tickets/ticket.hpp"
#include "scratch.hpp"

#include <sodium.h>

namespace colloq::tickets {
namespace {

using test_files::output_of;
using test_files::scratch_dir;

std::string sample_ticket() {
    crypto::init();
    key_pair keys{};
    crypto_sign_keypair(keys.public_key.data(), keys.secret_key.data());
    return issue({event_tag_of("ia-collectivites-2024"), 299, new_nonce()}, keys);
}

std::uint32_t big_endian(const std::string& bytes, std::size_t at) {
    auto b = [&](std::size_t i) { return std::uint32_t{static_cast<unsigned char>(bytes[at + i])}; };
    return b(0) << 24 | b(1) << 16 | b(2) << 8 | b(3);
}

TEST(tickets_qr, a_ticket_fits_in_version_6_at_level_m) {
    std::string text = sample_ticket();
    ASSERT_EQ(text.size(), 130u);
    qr_code code = encode_qr(text);
    EXPECT_GE(code.version, 1);
    EXPECT_LE(code.version, 6);
    EXPECT_EQ(code.width, 17 + 4 * code.version);
    EXPECT_EQ(code.modules.size(), static_cast<std::size_t>(code.width * code.width));
}

TEST(tickets_qr, dark_reads_the_finder_patterns_and_is_light_outside) {
    qr_code code = encode_qr("HELLO");
    // Every finder pattern has a dark outer ring and a light ring inside it.
    EXPECT_TRUE(code.dark(0, 0));
    EXPECT_TRUE(code.dark(6, 6));
    EXPECT_FALSE(code.dark(1, 1));
    EXPECT_TRUE(code.dark(2, 2));
    EXPECT_TRUE(code.dark(code.width - 1, 0));
    EXPECT_TRUE(code.dark(0, code.width - 1));
    EXPECT_FALSE(code.dark(-1, 0));
    EXPECT_FALSE(code.dark(0, code.width));
    EXPECT_FALSE(code.dark(code.width, code.width));
}

TEST(tickets_qr, png_decodes_back_to_the_ticket_with_zbarimg) {
    std::string text = sample_ticket();
    std::string png = qr_png(encode_qr(text));
    scratch_dir dir;
    std::string file = dir.file("badge.png");
    test_files::write_file(file, png);
    std::string decoded = output_of("zbarimg --quiet --raw '" + file + "' 2>/dev/null");
    while (!decoded.empty() && (decoded.back() == '\n' || decoded.back() == '\r')) decoded.pop_back();
    EXPECT_EQ(decoded, text);
}

TEST(tickets_qr, small_png_still_decodes) {
    std::string text = sample_ticket();
    scratch_dir dir;
    std::string file = dir.file("small.png");
    test_files::write_file(file, qr_png(encode_qr(text), 3, 4));
    std::string decoded = output_of("zbarimg --quiet --raw '" + file + "' 2>/dev/null");
    EXPECT_EQ(decoded.substr(0, decoded.find('\n')), text);
}

TEST(tickets_qr, png_has_integer_modules_and_its_quiet_zone) {
    qr_code code = encode_qr(sample_ticket());
    for (auto [pixels, quiet] : {std::pair{8, 4}, std::pair{3, 2}, std::pair{1, 0}}) {
        std::string png = qr_png(code, pixels, quiet);
        ASSERT_GT(png.size(), 33u);
        EXPECT_EQ(png.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
        EXPECT_EQ(png.substr(12, 4), "IHDR");
        const std::uint32_t side = static_cast<std::uint32_t>((code.width + 2 * quiet) * pixels);
        EXPECT_EQ(big_endian(png, 16), side);
        EXPECT_EQ(big_endian(png, 20), side);
        EXPECT_EQ(png[24], 1);  // bit depth
        EXPECT_EQ(png[25], 0);  // grayscale
    }
    EXPECT_THROW(qr_png(code, 0, 4), std::invalid_argument);
    EXPECT_THROW(qr_png(code, 8, -1), std::invalid_argument);
}

TEST(tickets_qr, svg_is_one_crisp_path_that_draws_exactly_the_dark_modules) {
    qr_code code = encode_qr(sample_ticket());
    const int quiet = 4;
    std::string svg = qr_svg(code, quiet);
    const int side = code.width + 2 * quiet;
    EXPECT_NE(svg.find("viewBox=\"0 0 " + std::to_string(side) + ' ' + std::to_string(side) + '"'),
              std::string::npos);
    EXPECT_NE(svg.find("shape-rendering=\"crispEdges\""), std::string::npos);
    ASSERT_EQ(svg.find("<path"), svg.rfind("<path"));

    std::smatch d;
    ASSERT_TRUE(std::regex_search(svg, d, std::regex(" d=\"([^\"]*)\"")));
    std::vector<bool> drawn(static_cast<std::size_t>(code.width * code.width), false);
    const std::string path = d[1];
    std::regex run("M(\\d+) (\\d+)h(\\d+)v1h-(\\d+)z");
    std::size_t covered = 0;
    for (auto it = std::sregex_iterator(path.begin(), path.end(), run); it != std::sregex_iterator(); ++it) {
        int x = std::stoi((*it)[1]) - quiet, y = std::stoi((*it)[2]) - quiet, n = std::stoi((*it)[3]);
        ASSERT_EQ(n, std::stoi((*it)[4]));
        for (int i = 0; i < n; ++i) {
            ASSERT_TRUE(x + i >= 0 && x + i < code.width && y >= 0 && y < code.width);
            drawn[static_cast<std::size_t>(y * code.width + x + i)] = true;
        }
        covered += static_cast<std::size_t>(it->length());
    }
    EXPECT_EQ(covered, path.size()) << "the path holds only module runs";
    EXPECT_EQ(drawn, code.modules);
}

TEST(tickets_qr, refuses_texts_it_cannot_encode) {
    EXPECT_THROW(encode_qr(""), std::runtime_error);
    EXPECT_THROW(encode_qr(std::string("AB\0CD", 5)), std::runtime_error);
    EXPECT_THROW(encode_qr(std::string(8000, 'A')), std::runtime_error);
}

}  // namespace
}  // namespace colloq::tickets
